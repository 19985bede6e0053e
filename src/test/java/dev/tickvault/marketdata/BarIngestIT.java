package dev.tickvault.marketdata;

import dev.tickvault.support.AdminKey;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.BeforeEach;

/**
 * The BarIngestTest cases against the packaged application: the jar, or the native executable under -Pnative
 * (batch ingest).
 */
@QuarkusIntegrationTest
class BarIngestIT extends BarIngestTest {

    @BeforeEach
    void sendTheAdminKey() {
        AdminKey.install();
    }
}
