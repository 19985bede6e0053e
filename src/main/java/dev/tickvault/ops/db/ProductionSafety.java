package dev.tickvault.ops.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Start-up checks for the prod profile: an empty or well-known database password, or a bootstrap key
 * that does not have the key format, refuses the start unless {@code TICKVAULT_ALLOW_INSECURE=true}.
 */
public final class ProductionSafety {

    /** Passwords found in tutorials, images' defaults and seed files; compared ignoring case. */
    static final Set<String> WELL_KNOWN = Set.of("postgres", "password", "changeme", "change-me", "change_me",
            "admin", "tickvault", "secret", "root", "test", "example", "123456", "12345678", "qwerty", "letmein",
            "pass", "passw0rd", "p@ssw0rd", "default", "tickvault_password", "postgrespassword", "dev", "demo");

    private ProductionSafety() {
    }

    /**
     * The reasons the configuration is unsafe for production, empty when it is safe.
     *
     * @param passwords the datasource passwords in use (runtime and migration), absent ones empty
     * @param bootstrapKey the configured bootstrap admin key, if any
     * @param keyFormatValid whether that key has the {@code tv_<id>_<secret>} format
     */
    public static List<String> problems(List<Optional<String>> passwords, Optional<String> bootstrapKey,
            boolean keyFormatValid) {
        List<String> problems = new ArrayList<>();
        for (Optional<String> password : passwords) {
            if (password.isEmpty() || password.get().isBlank()) {
                problems.add("the database password is empty");
            } else if (WELL_KNOWN.contains(password.get().toLowerCase(Locale.ROOT))) {
                problems.add("the database password is a well-known default");
            }
        }
        if (bootstrapKey.isPresent() && !keyFormatValid) {
            problems.add("TICKVAULT_BOOTSTRAP_ADMIN_KEY does not have the format tv_<8 letters or digits>_<32+ letters or digits>");
        }
        return problems.stream().distinct().toList();
    }
}
