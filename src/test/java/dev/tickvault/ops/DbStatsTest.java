package dev.tickvault.ops;

import dev.tickvault.marketdata.TestData;
import dev.tickvault.support.AdminKey;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code GET /api/v1/admin/db/stats} and the database gauges, against the real PostgreSQL. The database
 * is read through JDBC from the test itself (never through the application), so the figures are checked
 * against an independent source.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class DbStatsTest {

    private static final String PATH = "/api/v1/admin/db/stats";

    private static Connection jdbc(String applicationName) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", PostgresResource.server().user());
        props.setProperty("password", "test");
        props.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(PostgresResource.server().jdbcUrl(), props);
    }

    private static String bars(String symbol, int n) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append("{\"symbol\":\"").append(symbol).append("\",\"timeframe\":\"1m\",")
                    .append("\"ts\":\"2024-03-01T").append(String.format("%02d:%02d", i / 60, i % 60))
                    .append(":00Z\",\"open\":10,\"high\":11,\"low\":9,\"close\":10.5,\"volume\":100}");
        }
        return body.append(']').toString();
    }

    @Test
    void reportsDatabaseSizeAndServerVersion() throws Exception {
        long size;
        try (Connection c = jdbc("dbstats-test"); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
            rs.next();
            size = rs.getLong(1);
        }
        JsonPath stats = given().when().get(PATH).then().statusCode(200)
                .contentType("application/json")
                .body("collectedAt", notNullValue())
                .body("database.name", equalTo("postgres"))
                .body("database.serverVersion", startsWith("17."))
                .extract().jsonPath();
        long reported = stats.getLong("database.sizeBytes");
        // The database grows while the tests write: same order of magnitude, not the same byte.
        assertTrue(reported > size / 2 && reported < size * 2, "size " + reported + " near " + size);
    }

    @Test
    void listsTablesWithSizesAndRowEstimatesAfterAnalyze() throws Exception {
        given().contentType("application/json").body(bars("DBSTATS.T", 120)).when().post("/api/v1/bars")
                .then().statusCode(200).body("inserted", equalTo(120));
        long rows;
        try (Connection c = jdbc("dbstats-test"); Statement s = c.createStatement()) {
            s.execute("ANALYZE market_data.ohlcv");
            try (var rs = s.executeQuery("SELECT reltuples::bigint FROM pg_class WHERE oid = 'market_data.ohlcv'::regclass")) {
                rs.next();
                rows = rs.getLong(1);
            }
        }
        List<Map<String, Object>> tables = given().when().get(PATH).then().statusCode(200)
                .extract().jsonPath().getList("tables");
        Map<String, Object> ohlcv = tables.stream()
                .filter(t -> "market_data".equals(t.get("schema")) && "ohlcv".equals(t.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("market_data.ohlcv listed: " + tables));
        assertEquals(rows, ((Number) ohlcv.get("rowEstimate")).longValue(), "reltuples after ANALYZE");
        assertTrue(rows >= 120);
        long total = ((Number) ohlcv.get("totalBytes")).longValue();
        long table = ((Number) ohlcv.get("tableBytes")).longValue();
        long index = ((Number) ohlcv.get("indexBytes")).longValue();
        assertTrue(table > 0 && index > 0 && total >= table + index, ohlcv.toString());
        assertNotNull(ohlcv.get("lastAnalyze"), "ANALYZE recorded");
        assertTrue(tables.stream().anyMatch(t -> "auth".equals(t.get("schema")) && "audit_log".equals(t.get("name"))));
        assertTrue(tables.stream().anyMatch(t -> "flyway_schema_history".equals(t.get("name"))));
        for (int i = 1; i < tables.size(); i++) {
            assertTrue(((Number) tables.get(i - 1).get("totalBytes")).longValue()
                    >= ((Number) tables.get(i).get("totalBytes")).longValue(), "largest first");
        }
    }

    @Test
    void showsAnotherSessionsLongRunningQueryWithItsTextCut() throws Exception {
        String marker = "dbstats-slow-" + System.nanoTime();
        // 300 characters of comment: longer than the 200-character cap.
        String sql = "SELECT pg_sleep(10) /* " + marker + " " + "x".repeat(300) + " */";
        CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> {
            try (Connection c = jdbc("dbstats-slow"); Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Map<String, Object> found = null;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(9);
            while (found == null && System.nanoTime() < deadline) {
                List<Map<String, Object>> running = given().queryParam("limit", 100).when().get(PATH)
                        .then().statusCode(200).extract().jsonPath().getList("longestQueries");
                found = running.stream().filter(q -> String.valueOf(q.get("query")).contains(marker)).findFirst()
                        .orElse(null);
                if (found == null) {
                    Thread.sleep(100);
                }
            }
            assertNotNull(found, "the sleeping session is listed");
            assertEquals("active", found.get("state"));
            assertEquals("dbstats-slow", found.get("applicationName"));
            assertEquals(200, ((String) found.get("query")).length(), "text cut to the cap");
            assertEquals(Boolean.TRUE, found.get("queryTruncated"));
            assertTrue(((Number) found.get("runningMs")).longValue() >= 0);
            assertNotNull(found.get("pid"));
        } finally {
            // Do not wait out the sleep: cancel it (the sleeping thread then fails, as expected).
            if (found != null) {
                try (Connection c = jdbc("dbstats-test"); Statement s = c.createStatement()) {
                    s.execute("SELECT pg_cancel_backend(" + ((Number) found.get("pid")).intValue() + ")");
                }
            }
            slow.handle((done, failure) -> null).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void countsConnectionsByStateIncludingItsOwn() {
        JsonPath stats = given().when().get(PATH).then().statusCode(200)
                .body("connections.maxConnections", greaterThan(0))
                .extract().jsonPath();
        Map<String, Object> byState = stats.getMap("connections.byState");
        assertTrue(((Number) byState.getOrDefault("active", 0)).longValue() >= 1, "the stats query's own session: " + byState);
        long sum = byState.values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
        assertEquals(sum, stats.getLong("connections.database"));
        assertTrue(stats.getLong("connections.server") >= sum);
    }

    @Test
    void leavesOutTopStatementsWithoutPgStatStatements() {
        // The test server does not preload pg_stat_statements; compose does (BackupRestoreIT sees them).
        given().when().get(PATH).then().statusCode(200).body("topStatements", nullValue());
    }

    @Test
    void refusesKeysWithoutAdminScopeAndBadLimits() {
        String readKey = given().contentType("application/json")
                .body("{\"name\":\"dbstats-reader\",\"scopes\":[\"read\"]}")
                .when().post("/api/v1/admin/api-keys").then().statusCode(201).extract().path("key");
        RestAssured.given().header("Authorization", "Bearer " + readKey).when().get(PATH)
                .then().statusCode(403).contentType("application/problem+json");
        RestAssured.given().header(AdminKey.NO_KEY, "1").when().get(PATH).then().statusCode(401);
        given().queryParam("limit", "0").when().get(PATH).then().statusCode(400)
                .contentType("application/problem+json");
        given().queryParam("limit", "abc").when().get(PATH).then().statusCode(400);
    }

    @Test
    void exportsDatabaseSizeAndConnectionGauges() throws InterruptedException {
        // Refreshed every second in the test profile; NaN only while the database is away (an earlier
        // outage test may have left it so until the next refresh).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        double size = TestData.metric("tickvault_database_size_bytes");
        while (!(size > 0) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            size = TestData.metric("tickvault_database_size_bytes");
        }
        assertTrue(size > 1_000_000, "database size gauge: " + size);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String state : List.of("active", "idle", "idle_in_transaction", "other")) {
            assertTrue(metrics.contains("tickvault_database_connections{state=\"" + state + "\"}"),
                    "connections gauge for " + state);
        }
        assertFalse(metrics.contains("tickvault_database_size_bytes NaN"), metrics);
        if (TestData.metric("tickvault_database_connections") < 1) {
            fail("at least the pool's own connections are counted");
        }
    }
}
