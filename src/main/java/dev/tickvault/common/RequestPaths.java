package dev.tickvault.common;

/**
 * The normal form of a request path (RFC 3986 3.3 and 6.2.2), which every check before resource matching
 * relies on: authentication decides on the path the router matches, so the two must not be able to read
 * one request line differently. A path in normal form starts with {@code /} and has no empty segment
 * ({@code //}), no dot segment ({@code .} or {@code ..}, also percent-encoded), no path parameter
 * ({@code ;}), no {@code \} and no percent-encoded {@code /} or {@code \} (which would split or join
 * segments once decoded), no control character (raw or percent-encoded U+0000..U+001F, U+007F) and no
 * broken percent-encoding. Percent-encoded unreserved characters ({@code %61} for {@code a}) are allowed:
 * they are equivalent to the characters themselves and the router decodes them.
 */
public final class RequestPaths {

    private RequestPaths() {
    }

    /**
     * Why {@code path} (the raw path of the request target, without the query) is not in normal form.
     *
     * @return a short reason fit for a problem's detail, or {@code null} when the path is in normal form
     */
    public static String fault(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return "it must start with /";
        }
        int segmentStart = 1;
        for (int i = 1; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                String problem = segmentFault(path, segmentStart, i);
                if (problem != null) {
                    return problem;
                }
                segmentStart = i + 1;
            }
        }
        return null;
    }

    /**
     * Whether a raw query string holds a control character, raw or percent-encoded (U+0000..U+001F, U+007F):
     * no query parameter of the API takes one, and PostgreSQL cannot store U+0000 in text.
     */
    public static boolean hasControlCharacter(String rawQuery) {
        if (rawQuery == null) {
            return false;
        }
        for (int i = 0; i < rawQuery.length(); i++) {
            int c = rawQuery.charAt(i);
            if (c == '%' && i + 2 < rawQuery.length()) {
                int hi = Character.digit(rawQuery.charAt(i + 1), 16);
                int lo = Character.digit(rawQuery.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    c = hi * 16 + lo;
                    i += 2;
                }
            }
            if (c < 0x20 || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    /** The fault of the segment {@code path[from, to)}, or {@code null}. */
    private static String segmentFault(String path, int from, int to) {
        // A trailing slash ends the path with an empty last segment, which the router accepts as written.
        if (from == to) {
            return to == path.length() ? null : "it has an empty segment (//)";
        }
        int dots = 0;
        int length = 0;
        for (int i = from; i < to; i++) {
            char c = path.charAt(i);
            int decoded = c;
            if (c == '%') {
                int hi = i + 2 < to ? Character.digit(path.charAt(i + 1), 16) : -1;
                int lo = i + 2 < to ? Character.digit(path.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    return "it has a broken percent-encoding";
                }
                decoded = hi * 16 + lo;
                if (decoded == '/' || decoded == '\\') {
                    return "it has an encoded / or \\";
                }
                i += 2;
            } else if (c == ';') {
                return "it has a path parameter (;)";
            } else if (c == '\\') {
                return "it has a \\";
            }
            if (decoded < 0x20 || decoded == 0x7F) {
                return "it has a control character";
            }
            length++;
            if (decoded == '.') {
                dots++;
            }
        }
        if (dots == length && length <= 2) {
            return "it has a dot segment (. or ..)";
        }
        return null;
    }
}
