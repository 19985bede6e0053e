package dev.tickvault.marketdata;

import dev.tickvault.support.AdminKey;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.BeforeEach;

/**
 * The SymbolCatalogueTest cases against the packaged application: the jar, or the native executable under -Pnative
 * (the symbol catalogue).
 */
@QuarkusIntegrationTest
class SymbolCatalogueIT extends SymbolCatalogueTest {

    @BeforeEach
    void sendTheAdminKey() {
        AdminKey.install();
    }
}
