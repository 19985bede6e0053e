package dev.tickvault.ops;

import dev.tickvault.support.AdminKey;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.BeforeEach;

/**
 * The DbStatsTest cases against the packaged application: the jar, or the native executable under -Pnative
 * (the database statistics and gauges).
 */
@QuarkusIntegrationTest
class DbStatsIT extends DbStatsTest {

    @BeforeEach
    void sendTheAdminKey() {
        AdminKey.install();
    }
}
