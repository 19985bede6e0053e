package dev.tickvault.ops;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** SmallRye Health probes: liveness, readiness with the schema version, startup, and the database details group. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class HealthTest {

    private static final Pattern MIGRATION = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.*\\.sql");

    /** The newest migration version on the class path (db/migration), as Flyway writes it: {@code "1"}, {@code "2.1"}. */
    static String newestMigrationVersion() {
        URL dir = Thread.currentThread().getContextClassLoader().getResource("db/migration");
        assertNotNull(dir, "db/migration on the class path");
        try {
            // Against the packaged application (HealthIT) the class path holds the jar: read the sources.
            File migrations = "file".equals(dir.getProtocol()) ? new File(dir.toURI())
                    : new File("src/main/resources/db/migration");
            String[] names = migrations.list();
            assertNotNull(names);
            return Arrays.stream(names)
                    .map(MIGRATION::matcher)
                    .filter(Matcher::matches)
                    .map(m -> m.group(1).replace('_', '.'))
                    .max(HealthTest::compareVersions)
                    .orElseThrow();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : 0;
            long q = i < y.length ? Long.parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("process"));
    }

    @Test
    void readinessIsUpWithTheSchemaVersionOfThisBuild() {
        String expected = newestMigrationVersion();
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'database' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'database' }.data.schemaVersion", equalTo(expected))
                .body("checks.find { it.name == 'database' }.data.expectedSchemaVersion", equalTo(expected));
    }

    @Test
    void startupIsUpAfterMigrations() {
        given().when().get("/q/health/started")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'migrations' }.status", equalTo("UP"));
    }

    @Test
    void overallHealthIsUp() {
        given().when().get("/q/health")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void databaseGroupGivesServerVersionSchemaVersionPoolFiguresAndLatency() {
        int poolMax = ConfigProvider.getConfig().getValue("quarkus.datasource.reactive.max-size", Integer.class);
        given().when().get("/q/health/group/database")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks[0].name", equalTo("database"))
                .body("checks[0].data.serverVersion", matchesPattern("\\d+(\\.\\d+)*.*"))
                .body("checks[0].data.schemaVersion", equalTo(newestMigrationVersion()))
                .body("checks[0].data.poolMaxSize", equalTo(poolMax))
                .body("checks[0].data.poolInUse", greaterThanOrEqualTo(0))
                .body("checks[0].data.poolWaiting", greaterThanOrEqualTo(0))
                .body("checks[0].data.latencyMs", greaterThanOrEqualTo(0))
                .body("checks[0].data.poolSaturated", equalTo(false));
    }
}
