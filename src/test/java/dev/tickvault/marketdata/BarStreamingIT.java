package dev.tickvault.marketdata;

import dev.tickvault.support.AdminKey;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.BeforeEach;

/**
 * The BarStreamingTest cases against the packaged application: the jar, or the native executable under -Pnative
 * (cursor streams).
 */
@QuarkusIntegrationTest
class BarStreamingIT extends BarStreamingTest {

    @BeforeEach
    void sendTheAdminKey() {
        AdminKey.install();
    }
}
