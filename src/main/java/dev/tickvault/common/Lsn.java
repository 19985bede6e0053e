package dev.tickvault.common;

/**
 * A position in PostgreSQL's write-ahead log: the 64-bit byte position of the {@code pg_lsn} type, written as
 * two hexadecimal halves of up to 8 digits each, {@code 16/B374D848} (PostgreSQL manual 8.20, "pg_lsn Type").
 * Compared as unsigned numbers. It travels in two headers (README "Scaling out"): every write's answer carries
 * {@value #COMMIT_HEADER}, and a read that sends it back as {@value #MIN_HEADER} is never answered from a
 * server that has not replayed that far.
 *
 * @param value the byte position, unsigned
 */
public record Lsn(long value) implements Comparable<Lsn> {

    /** Response header of a write: a WAL position at or past the end of its commit record. */
    public static final String COMMIT_HEADER = "Tickvault-Commit-LSN";
    /** Request header of a read: the WAL position its answer must include. */
    public static final String MIN_HEADER = "Tickvault-Min-LSN";
    /** {@code 0/0}: no floor, every server has replayed this far. */
    public static final Lsn ZERO = new Lsn(0);

    /**
     * Parses the text form {@code X/Y}: 1 to 8 hexadecimal digits (either case) on each side of the slash, as
     * PostgreSQL's {@code pg_lsn} input accepts them.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Lsn parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 1 || slash > 8 || text.length() - slash - 1 < 1 || text.length() - slash - 1 > 8) {
            throw new IllegalArgumentException("not a WAL position X/Y: " + text);
        }
        return new Lsn((hex(text, 0, slash) << 32) | hex(text, slash + 1, text.length()));
    }

    /**
     * Reads the {@value #MIN_HEADER} header of a request.
     *
     * @return {@link #ZERO} when the header is absent or empty
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when it is not a WAL position
     */
    public static Lsn fromMinHeader(String raw) {
        if (raw == null || raw.isBlank()) {
            return ZERO;
        }
        try {
            return parse(raw.strip());
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("Header '" + MIN_HEADER + "' must be a WAL position such as 0/16B3748, as a"
                    + " write's '" + COMMIT_HEADER + "' header gives it");
        }
    }

    /** Whether this position is at or past {@code other}. */
    public boolean reached(Lsn other) {
        return Long.compareUnsigned(value, other.value) >= 0;
    }

    @Override
    public int compareTo(Lsn other) {
        return Long.compareUnsigned(value, other.value);
    }

    /** The text form, upper-case hexadecimal without leading zeros: {@code 16/B374D848}, as PostgreSQL writes it. */
    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase(java.util.Locale.ROOT) + "/"
                + Long.toHexString(value & 0xFFFF_FFFFL).toUpperCase(java.util.Locale.ROOT);
    }

    private static long hex(String text, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0 || text.charAt(i) > 'f') {
                throw new IllegalArgumentException("not a WAL position X/Y: " + text);
            }
            n = (n << 4) | digit;
        }
        return n;
    }
}
