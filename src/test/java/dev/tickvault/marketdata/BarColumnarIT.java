package dev.tickvault.marketdata;

import dev.tickvault.support.AdminKey;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The BarColumnarTest cases against the jar as users run it ({@code java -jar}: Arrow's memory module needs the
 * manifest's Add-Opens there); under -Pnative, where these media types are refused, that they are 406.
 */
@QuarkusIntegrationTest
class BarColumnarIT extends BarColumnarTest {

    private static final boolean NATIVE = Boolean.getBoolean("it.native");

    @BeforeEach
    void sendTheAdminKey(org.junit.jupiter.api.TestInfo test) {
        AdminKey.install();
        if (!test.getTestMethod().map(m -> m.getName().equals("theNativeExecutableRefusesColumnarFormats"))
                .orElse(false)) {
            assumeFalse(NATIVE, "the native executable answers the columnar formats with 406");
        }
    }

    /** The jar opens java.base/java.nio to Arrow, and keeps what Quarkus opens. */
    @Test
    void theJarsManifestOpensJavaNio() throws java.io.IOException {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile("target/quarkus-app/quarkus-run.jar")) {
            String opens = jar.getManifest().getMainAttributes().getValue("Add-Opens");
            org.junit.jupiter.api.Assertions.assertEquals(java.util.Set.of("java.base/java.lang", "java.base/java.nio"),
                    java.util.Set.of(opens.trim().split("\\s+")), opens);
        }
    }

    @Test
    void theNativeExecutableRefusesColumnarFormats() {
        assumeTrue(NATIVE, "the jar answers the columnar formats");
        for (String type : new String[] {BarFormat.ARROW_STREAM, BarFormat.PARQUET_FILE}) {
            given().accept(type).queryParam("timeframe", "1d").when().get("/api/v1/bars/NATIVE.COL").then()
                    .statusCode(406).contentType(startsWith("application/problem+json"));
        }
        given().contentType(BarFormat.ARROW_STREAM).body(new byte[] {1, 2, 3}).when().post("/api/v1/bars").then()
                .statusCode(415);
    }
}
