package dev.tickvault.marketdata;

import dev.tickvault.common.Problems;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * The opaque keyset cursor of a bar page: the last bar's {@code ts} (microseconds since the epoch, the
 * precision of PostgreSQL's timestamptz) and the page order, base64url-encoded. The next page starts
 * strictly after (ascending) or before (descending) that ts.
 */
public record PageCursor(Instant lastTs, boolean descending) {

    /** Encodes the cursor for the {@code nextCursor} field. */
    public String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, lastTs);
        String raw = (descending ? "d" : "a") + micros;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Decodes a cursor from the query.
     *
     * @param descending the order of the request; a cursor from a page in the other order is refused
     * @return the cursor, or {@code null} when {@code raw} is absent
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when the cursor is not one this API issued
     */
    public static PageCursor decode(String raw, boolean descending) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.US_ASCII);
            char order = text.charAt(0);
            if ((order != 'a' && order != 'd') || (order == 'd') != descending) {
                throw Problems.badRequest("Query parameter 'cursor' does not belong to a page in this order");
            }
            long micros = Long.parseLong(text.substring(1));
            return new PageCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), descending);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw Problems.badRequest("Query parameter 'cursor' is not a valid cursor");
        }
    }
}
