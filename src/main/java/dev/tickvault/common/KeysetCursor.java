package dev.tickvault.common;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * The opaque cursor of a keyset page over records ordered by a timestamp then a UUID id (decisions,
 * trades, commands, events): the last record's timestamp in microseconds (PostgreSQL's precision), its
 * id, and the page order, base64url-encoded. The next page starts strictly after that pair.
 */
public record KeysetCursor(Instant ts, UUID id, boolean descending) {

    /** Encodes the cursor for the {@code nextCursor} field. */
    public String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, ts);
        String raw = (descending ? "d" : "a") + micros + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Decodes a cursor from the query.
     *
     * @param descending the order of the request; a cursor issued for the other order is refused
     * @return the cursor, or {@code null} when {@code raw} is absent
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when the cursor is not one this API issued
     */
    public static KeysetCursor decode(String raw, boolean descending) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.US_ASCII);
            char order = text.charAt(0);
            int colon = text.indexOf(':');
            if ((order != 'a' && order != 'd') || colon < 0) {
                throw new IllegalArgumentException("not a cursor");
            }
            if ((order == 'd') != descending) {
                throw Problems.badRequest("Query parameter 'cursor' does not belong to a page in this order");
            }
            long micros = Long.parseLong(text.substring(1, colon));
            UUID id = UUID.fromString(text.substring(colon + 1));
            return new KeysetCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id, descending);
        } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException e) {
            throw Problems.badRequest("Query parameter 'cursor' is not a valid cursor");
        }
    }
}
