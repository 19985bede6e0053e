package dev.tickvault.marketdata;

import dev.tickvault.support.AdminKey;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.BeforeEach;

/**
 * The BarPagingTest cases against the packaged application: the jar, or the native executable under -Pnative
 * (keyset pages).
 */
@QuarkusIntegrationTest
class BarPagingIT extends BarPagingTest {

    @BeforeEach
    void sendTheAdminKey() {
        AdminKey.install();
    }
}
