package dev.tickvault.common;

import java.util.regex.Pattern;

/**
 * Client-chosen identifiers: agent ids and cache namespaces, {@code ^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$},
 * kept as sent (case-sensitive). The same rule is a CHECK constraint in the {@code agents} schema.
 */
public final class Identifiers {

    /** The rule, for messages. */
    public static final String RULE = "^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$";
    private static final Pattern PATTERN = Pattern.compile(RULE);

    private Identifiers() {
    }

    /** Whether {@code raw} follows the rule. */
    public static boolean isValid(String raw) {
        return raw != null && PATTERN.matcher(raw).matches();
    }

    /**
     * Parses an identifier from a path or query parameter.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when it breaks the rule
     */
    public static String fromPath(String name, String raw) {
        if (!isValid(raw)) {
            throw Problems.badRequest("Invalid " + name + " '" + Symbols.abbreviate(raw) + "': expected 1 to 64 "
                    + "characters of A-Z a-z 0-9 . _ : -, starting with a letter or digit");
        }
        return raw;
    }
}
