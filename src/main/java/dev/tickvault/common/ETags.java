package dev.tickvault.common;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Version ETags for optimistic locking (RFC 9110 8.8.3 and 13.1.1): a resource at version 7 carries
 * {@code ETag: "7"}, and a write must send {@code If-Match: "7"}. Weak tags ({@code W/"7"}) are accepted
 * in {@code If-Match} as their strong equivalent, since the version identifies the whole representation.
 */
public final class ETags {

    private static final Pattern TAG = Pattern.compile("\\s*(?:W/)?\"(\\d{1,18})\"\\s*");

    private ETags() {
    }

    /** The ETag of a version: {@code "7"}. */
    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * A parsed {@code If-Match} header.
     *
     * @param any {@code If-Match: *}: any current version matches
     * @param versions the versions listed
     */
    public record IfMatch(boolean any, List<Long> versions) {

        /** Whether the resource's current version satisfies the precondition. */
        public boolean matches(long current) {
            return any || versions.contains(current);
        }
    }

    /**
     * Parses {@code If-Match}.
     *
     * @return the precondition, or {@code null} when the header is absent or blank
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when it is not {@code *} or a list of
     *     quoted versions such as {@code "7"}
     */
    public static IfMatch parseIfMatch(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        if (header.trim().equals("*")) {
            return new IfMatch(true, List.of());
        }
        List<Long> versions = new ArrayList<>();
        for (String part : header.split(",")) {
            Matcher m = TAG.matcher(part);
            if (!m.matches()) {
                throw Problems.badRequest("If-Match must be * or a quoted version such as \"3\", as sent in the ETag");
            }
            versions.add(Long.parseLong(m.group(1)));
        }
        return new IfMatch(false, List.copyOf(versions));
    }
}
