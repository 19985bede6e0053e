package dev.tickvault.common;

import java.util.Locale;

/** The symbol rule of DESIGN 2: {@code ^[A-Za-z0-9^][A-Za-z0-9._:^=-]{0,31}$}, stored upper-cased. */
public final class Symbols {

    /** The rule as a regular expression (ECMA 262, as the API description's {@code pattern} takes it). */
    public static final String PATTERN = "^[A-Za-z0-9^][A-Za-z0-9._:^=-]{0,31}$";

    private Symbols() {
    }

    /** Whether {@code raw} is a valid symbol (before upper-casing): 1 to 32 characters, the first a letter, digit or {@code ^}, the others letters, digits or {@code . _ : ^ = -}. */
    public static boolean isValid(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > 32) {
            return false;
        }
        char first = raw.charAt(0);
        if (!alphanumeric(first) && first != '^') {
            return false;
        }
        for (int i = 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (!alphanumeric(c) && c != '.' && c != '_' && c != ':' && c != '^' && c != '=' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean alphanumeric(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /** The stored form: upper-cased in the root locale ({@code es=f} becomes {@code ES=F}). */
    public static String normalize(String raw) {
        return raw.toUpperCase(Locale.ROOT);
    }

    /**
     * Parses a symbol taken from a path or query parameter.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when it breaks the rule
     */
    public static String fromPath(String raw) {
        if (!isValid(raw)) {
            throw Problems.badRequest("Invalid symbol '" + abbreviate(raw)
                    + "': expected 1 to 32 characters of A-Z a-z 0-9 . _ : ^ = -, starting with a letter, digit or ^");
        }
        return normalize(raw);
    }

    static String abbreviate(String raw) {
        if (raw == null) {
            return "";
        }
        return raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
    }
}
