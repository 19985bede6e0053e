package dev.tickvault.ops.db;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The production start-up rules: weak passwords and malformed bootstrap keys are named. */
class ProductionSafetyTest {

    @Test
    void flagsEmptyAndWellKnownPasswords() {
        assertEquals(List.of("the database password is empty"),
                ProductionSafety.problems(List.of(Optional.empty()), Optional.empty(), true));
        assertEquals(List.of("the database password is empty"),
                ProductionSafety.problems(List.of(Optional.of("  ")), Optional.empty(), true));
        for (String weak : List.of("postgres", "PASSWORD", "changeme", "admin", "tickvault")) {
            assertEquals(List.of("the database password is a well-known default"),
                    ProductionSafety.problems(List.of(Optional.of(weak)), Optional.empty(), true), weak);
        }
    }

    @Test
    void acceptsAStrongPasswordAndAWellFormedKey() {
        assertTrue(ProductionSafety.problems(List.of(Optional.of("r4nd0m-Long-Secret-9f2c")),
                Optional.of("tv_abcdefgh_0123456789abcdefghij0123456789AB"), true).isEmpty());
    }

    @Test
    void flagsAMalformedBootstrapKeyAndAWeakMigrationPassword() {
        List<String> problems = ProductionSafety.problems(
                List.of(Optional.of("r4nd0m-Long-Secret-9f2c"), Optional.of("postgres")), Optional.of("admin"), false);
        assertEquals(2, problems.size());
        assertTrue(problems.get(1).startsWith("TICKVAULT_BOOTSTRAP_ADMIN_KEY does not have the format"));
    }
}
