package dev.tickvault.ops;

import dev.tickvault.support.AdminKey;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.BeforeEach;

/**
 * The MetricsTest cases against the packaged application: the jar, or the native executable under -Pnative
 * (Prometheus metrics).
 */
@QuarkusIntegrationTest
class MetricsIT extends MetricsTest {

    @BeforeEach
    void sendTheAdminKey() {
        AdminKey.install();
    }
}
