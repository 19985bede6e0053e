package dev.tickvault.marketdata;

import dev.tickvault.support.AdminKey;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.BeforeEach;

/**
 * The BarResampleTest cases against the packaged application: the jar, or the native executable under -Pnative
 * (resampling).
 */
@QuarkusIntegrationTest
class BarResampleIT extends BarResampleTest {

    @BeforeEach
    void sendTheAdminKey() {
        AdminKey.install();
    }
}
