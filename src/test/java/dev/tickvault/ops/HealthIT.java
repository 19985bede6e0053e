package dev.tickvault.ops;

import dev.tickvault.support.AdminKey;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.BeforeEach;

/**
 * The HealthTest cases against the packaged application: the jar, or the native executable under -Pnative
 * (SmallRye Health probes).
 */
@QuarkusIntegrationTest
class HealthIT extends HealthTest {

    @BeforeEach
    void sendTheAdminKey() {
        AdminKey.install();
    }
}
