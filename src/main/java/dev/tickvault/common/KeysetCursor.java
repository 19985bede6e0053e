package dev.tickvault.common;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The opaque cursor of every keyset page (DESIGN 2): the sort key of the last row of a page and the order
 * of that page, base64url-encoded without padding. The next page starts strictly after that key in that
 * order. One codec for every list, so that every list refuses what it did not issue in the same way.
 *
 * <p>A cursor has one of four {@link Shape shapes}, the sort key of the list it belongs to: a timestamp
 * alone (bars, gap slots), a timestamp and a UUID (decisions, trades, commands, circuit-breaker events), a
 * timestamp and a text id (API keys), or a number (the audit log's id). A timestamp is written as whole
 * seconds since the epoch (UTC) and, when not zero, the nanoseconds of that second, so every
 * {@link Instant} round-trips exactly and nothing overflows: PostgreSQL's whole {@code timestamptz} range
 * (4713 BC to 294276 AD, microseconds) is far inside a {@code long} of seconds, whereas microseconds
 * since 1970 in a {@code long} do not reach its end, and {@code ChronoUnit.MICROS.between} overflows
 * outside 1677..2262.
 *
 * <p>{@link #decode} accepts exactly the strings {@link #encode} produces (it re-encodes what it read and
 * compares) for timestamps PostgreSQL can hold; anything else, a cursor of another shape, or a cursor
 * issued for the other order, is a 400 problem.
 *
 * @param shape the kind of sort key
 * @param descending the order of the page the cursor was issued for
 * @param ts the last row's timestamp; {@code null} for {@link Shape#NUMBER}
 * @param key the last row's tie-breaker: a UUID's canonical text, a text id, a decimal number; {@code null}
 *     for {@link Shape#TIME}
 */
public record KeysetCursor(Shape shape, boolean descending, Instant ts, String key) {

    /** The earliest {@code timestamptz} PostgreSQL stores: 4714-11-24 00:00:00 UTC BC (proleptic year -4713). */
    public static final Instant EARLIEST = Instant.parse("-4713-11-24T00:00:00Z");
    /** The latest {@code timestamptz} PostgreSQL stores: 294276-12-31 23:59:59.999999 UTC. */
    public static final Instant LATEST = Instant.parse("+294276-12-31T23:59:59.999999Z");

    private static final String NOT_A_CURSOR = "Query parameter 'cursor' is not a valid cursor for this list";
    private static final String OTHER_ORDER = "Query parameter 'cursor' does not belong to a page in this order";
    private static final char SEPARATOR = '~';

    /** The sort key a cursor carries; each list uses one. */
    public enum Shape {
        /** A timestamp alone: bars and gap slots, whose timestamp is unique in their series. */
        TIME('t'),
        /** A timestamp then a UUID: journal records, commands, circuit-breaker events. */
        TIME_UUID('u'),
        /** A timestamp then a text id: API keys (created_at, id). */
        TIME_TEXT('k'),
        /** A number alone: the audit log's identity column. */
        NUMBER('n');

        private final char code;

        Shape(char code) {
            this.code = code;
        }
    }

    /** A cursor after a row keyed by its timestamp alone. */
    public static KeysetCursor after(Instant ts, boolean descending) {
        return new KeysetCursor(Shape.TIME, descending, require(ts), null);
    }

    /** A cursor after a row keyed by (timestamp, UUID). */
    public static KeysetCursor after(Instant ts, UUID id, boolean descending) {
        return new KeysetCursor(Shape.TIME_UUID, descending, require(ts), require(id).toString());
    }

    /** A cursor after a row keyed by (timestamp, text id). */
    public static KeysetCursor after(Instant ts, String id, boolean descending) {
        return new KeysetCursor(Shape.TIME_TEXT, descending, require(ts), require(id));
    }

    /** A cursor after a row keyed by a number. */
    public static KeysetCursor after(long number, boolean descending) {
        return new KeysetCursor(Shape.NUMBER, descending, null, Long.toString(number));
    }

    /** The tie-breaker as a UUID ({@link Shape#TIME_UUID}). */
    public UUID uuid() {
        return UUID.fromString(key);
    }

    /** The key as a number ({@link Shape#NUMBER}). */
    public long number() {
        return Long.parseLong(key);
    }

    /** The cursor as it goes into {@code nextCursor}: base64url of ASCII/UTF-8 text, no padding. */
    public String encode() {
        StringBuilder text = new StringBuilder(64).append(descending ? 'd' : 'a').append(shape.code);
        if (ts != null) {
            text.append(ts.getEpochSecond());
            if (ts.getNano() != 0) {
                String nanos = Integer.toString(ts.getNano());
                text.append('.').append("000000000", nanos.length(), 9).append(nanos);
            }
        }
        if (ts != null && key != null) {
            text.append(SEPARATOR);
        }
        if (key != null) {
            text.append(key);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes the {@code cursor} query parameter of a list.
     *
     * @param raw the parameter as received; absent or empty means the first page
     * @param shape the sort key of the list asking
     * @param descending the order of the request
     * @return the cursor, or {@code null} when {@code raw} is absent or empty
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when the cursor is not one this API issued for a
     *     list of this shape, or was issued for the other order
     */
    public static KeysetCursor decode(String raw, Shape shape, boolean descending) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        KeysetCursor cursor = parse(raw, shape);
        if (cursor == null || !cursor.encode().equals(raw)) {
            throw Problems.badRequest(NOT_A_CURSOR);
        }
        if (cursor.descending != descending) {
            throw Problems.badRequest(OTHER_ORDER);
        }
        return cursor;
    }

    /** The cursor {@code raw} spells, or {@code null} when it spells none of this shape. */
    private static KeysetCursor parse(String raw, Shape shape) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (text.length() < 3 || (text.charAt(0) != 'a' && text.charAt(0) != 'd') || text.charAt(1) != shape.code) {
            return null;
        }
        boolean descending = text.charAt(0) == 'd';
        String body = text.substring(2);
        try {
            return switch (shape) {
                case TIME -> new KeysetCursor(shape, descending, instant(body), null);
                case NUMBER -> new KeysetCursor(shape, descending, null, Long.toString(Long.parseLong(body)));
                case TIME_UUID, TIME_TEXT -> {
                    int separator = body.indexOf(SEPARATOR);
                    if (separator < 0) {
                        yield null;
                    }
                    Instant ts = instant(body.substring(0, separator));
                    String key = body.substring(separator + 1);
                    if (ts == null || key.isEmpty()) {
                        yield null;
                    }
                    yield new KeysetCursor(shape, descending, ts,
                            shape == Shape.TIME_UUID ? UUID.fromString(key).toString() : key);
                }
            };
        } catch (IllegalArgumentException e) {
            // NumberFormatException included: not a number this codec wrote
            return null;
        }
    }

    /** {@code <seconds>[.<9 digits>]} within PostgreSQL's range, or {@code null}. */
    private static Instant instant(String text) {
        int dot = text.indexOf('.');
        long seconds = Long.parseLong(dot < 0 ? text : text.substring(0, dot));
        int nanos = 0;
        if (dot >= 0) {
            String fraction = text.substring(dot + 1);
            if (fraction.length() != 9 || fraction.charAt(0) == '-' || fraction.charAt(0) == '+') {
                return null;
            }
            nanos = Integer.parseInt(fraction);
        }
        try {
            Instant ts = Instant.ofEpochSecond(seconds, nanos);
            return ts.isBefore(EARLIEST) || ts.isAfter(LATEST) ? null : ts;
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    private static <T> T require(T value) {
        if (value == null) {
            throw new IllegalArgumentException("A cursor needs the last row's sort key");
        }
        return value;
    }
}
