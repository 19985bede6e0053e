package dev.tickvault.marketdata;

import dev.tickvault.common.Problems;

/**
 * The {@code fill} of a resample (DESIGN 8): {@code none} (the default: only buckets with bars), {@code null}
 * (every bucket of the range, empty ones without prices), {@code prev} (empty buckets repeat the last close as
 * open, high, low and close, seeded from the last bar before the range) or {@code linear} (empty buckets
 * between two buckets with bars carry the close interpolated in time between them; a leading or trailing gap has
 * no prices).
 */
public enum Fill {
    NONE, NULL, PREV, LINEAR;

    /**
     * Parses the {@code fill} query parameter.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 for another value
     */
    public static Fill fromQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return NONE;
        }
        return switch (raw) {
            case "none" -> NONE;
            case "null" -> NULL;
            case "prev" -> PREV;
            case "linear" -> LINEAR;
            default -> throw Problems.badRequest("Query parameter 'fill' must be none, null, prev or linear");
        };
    }
}
