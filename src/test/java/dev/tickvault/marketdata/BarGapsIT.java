package dev.tickvault.marketdata;

import dev.tickvault.support.AdminKey;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.BeforeEach;

/**
 * The BarGapsTest cases against the packaged application: the jar, or the native executable under -Pnative
 * (gap reports).
 */
@QuarkusIntegrationTest
class BarGapsIT extends BarGapsTest {

    @BeforeEach
    void sendTheAdminKey() {
        AdminKey.install();
    }
}
