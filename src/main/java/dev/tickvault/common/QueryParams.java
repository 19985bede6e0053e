package dev.tickvault.common;

/** Parsing of the list parameters shared by every endpoint (DESIGN 2), with 400 for bad values. */
public final class QueryParams {

    /** Default page size. */
    public static final int DEFAULT_LIMIT = 100;
    /** Largest page size. */
    public static final int MAX_LIMIT = 10_000;

    private QueryParams() {
    }

    /**
     * Parses {@code limit}: 1 to 10,000, default 100.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when it is not such an integer
     */
    public static int limit(String raw) {
        if (raw == null || raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw Problems.badRequest("Query parameter 'limit' must be an integer from 1 to " + MAX_LIMIT);
    }

    /**
     * Parses {@code order}: {@code asc} (default) or {@code desc}.
     *
     * @return true for descending
     */
    public static boolean descending(String raw) {
        if (raw == null || raw.isEmpty() || raw.equals("asc")) {
            return false;
        }
        if (raw.equals("desc")) {
            return true;
        }
        throw Problems.badRequest("Query parameter 'order' must be 'asc' or 'desc'");
    }

    /**
     * Requires a parameter.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when it is missing
     */
    public static String required(String name, String raw) {
        if (raw == null || raw.isEmpty()) {
            throw Problems.badRequest("Query parameter '" + name + "' is required");
        }
        return raw;
    }

    /**
     * Parses an optional enum-valued parameter, spelled like the constant ({@code status=PENDING}).
     *
     * @return the constant, or {@code null} when absent
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 for another value
     */
    public static <E extends Enum<E>> E oneOf(String name, String raw, Class<E> type) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(raw)) {
                return constant;
            }
        }
        throw Problems.badRequest("Query parameter '" + name + "' must be one of "
                + java.util.Arrays.toString(type.getEnumConstants()).replace(" ", ""));
    }

    /**
     * Parses an optional integer parameter within bounds.
     *
     * @return the value, or {@code fallback} when absent
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when it is not such an integer
     */
    public static int integer(String name, String raw, int min, int max, int fallback) {
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw Problems.badRequest("Query parameter '" + name + "' must be an integer from " + min + " to " + max);
    }
}
