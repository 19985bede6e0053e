package dev.tickvault.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code TICKVAULT_READ_REPLICA_URLS} naming a server that is not a replica (the primary itself, as a mistaken
 * configuration or a promoted replica would): it takes no read, every read is the primary's and correct, readiness
 * stays UP, and the database health group says why. With replicas configured every successful write answers
 * {@code Tickvault-Commit-LSN} (a position past its commit), reads and refused writes do not, and a malformed
 * {@code Tickvault-Min-LSN} is 400 on every read that takes it. The real replica is {@code ReadReplicaIT}'s.
 */
@QuarkusTest
@TestProfile(ReplicaSettingsTest.PrimaryAsReplica.class)
class ReplicaSettingsTest {

    @Inject
    Pool pool;

    /** A profile of its own: the test server, also named as the one read replica. */
    public static class PrimaryAsReplica implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Server.class));
        }
    }

    /** The usual test PostgreSQL, with {@code tickvault.read-replica-urls} pointing at it as well. */
    public static class Server implements QuarkusTestResourceLifecycleManager {
        private final PostgresResource postgres = new PostgresResource();

        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(postgres.start());
            config.put("tickvault.read-replica-urls", PostgresResource.server().reactiveUrl());
            config.put("tickvault.replicas.check-interval", "PT0.2S");
            return config;
        }

        @Override
        public void stop() {
            postgres.stop();
        }
    }

    private String replica() {
        return "127.0.0.1:" + PostgresResource.server().port();
    }

    private static double reads(String target) {
        Matcher m = Pattern.compile("(?m)^tickvault_reads_total\\{[^}]*target=\"" + Pattern.quote(target)
                + "\"[^}]*} ([0-9.eE+-]+)$").matcher(given().when().get("/q/metrics").asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** A value of the database health group's data, whichever check carries it; null when none does. */
    private static String healthData(String key) {
        try {
            JsonNode health = new ObjectMapper().readTree(given().when().get("/q/health/group/database").asString());
            for (JsonNode check : health.path("checks")) {
                JsonNode value = check.path("data").path(key);
                if (!value.isMissingNode()) {
                    return value.asText();
                }
            }
            return null;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String currentInsertLsn() {
        return pool.query("SELECT pg_current_wal_insert_lsn()::text").execute().await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString(0);
    }

    private static long lsn(String text) {
        String[] halves = text.split("/");
        return (Long.parseLong(halves[0], 16) << 32) | Long.parseLong(halves[1], 16);
    }

    @Test
    void aServerNotInRecoveryTakesNoReadsAndReadinessIgnoresIt() throws Exception {
        String name = replica();
        dev.tickvault.support.Eventually.await("the replica checked", Duration.ofSeconds(20), Duration.ofMillis(100),
                () -> "not in recovery: not a replica".equals(healthData("replica " + name + " state")));
        given().contentType("application/json").body("[{\"symbol\":\"RS.NOT\",\"timeframe\":\"1d\","
                + "\"ts\":\"2024-01-02T00:00:00Z\",\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":1}]")
                .when().post("/api/v1/bars").then().statusCode(200);
        double primaryBefore = reads("primary");
        for (int i = 0; i < 5; i++) {
            given().when().get("/api/v1/bars/RS.NOT/latest?timeframe=1d").then().statusCode(200)
                    .body(containsString("2024-01-02T00:00:00Z"));
            given().when().get("/api/v1/symbols").then().statusCode(200);
        }
        assertEquals(primaryBefore + 10, reads("primary"), 0.0);
        assertEquals(0, reads(name), 0.0);
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void everySuccessfulWriteAnswersItsCommitPositionAndNothingElseDoes() {
        long before = lsn(currentInsertLsn());
        Response first = given().contentType("application/json").body("{\"symbol\":\"RS.LSN\",\"action\":\"BUY\","
                + "\"confidence\":0.5,\"strategy\":\"rs-lsn\"}").when().post("/api/v1/decisions");
        first.then().statusCode(201);
        String header = first.getHeader("Tickvault-Commit-LSN");
        assertTrue(header != null && header.matches("[0-9A-F]{1,8}/[0-9A-F]{1,8}"), "Tickvault-Commit-LSN: " + header
                + " in " + first.getHeaders());
        assertTrue(lsn(header) > before, "past the position before the write: " + header);
        Response second = given().contentType("application/json").body("[{\"symbol\":\"RS.LSN\",\"timeframe\":\"1d\","
                + "\"ts\":\"2024-01-02T00:00:00Z\",\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":1}]")
                .when().post("/api/v1/bars");
        second.then().statusCode(200);
        assertTrue(lsn(second.getHeader("Tickvault-Commit-LSN")) >= lsn(header), "positions only grow");
        Response deleted = given().when().delete("/api/v1/bars/RS.LSN?timeframe=1d");
        deleted.then().statusCode(200);
        assertTrue(deleted.getHeader("Tickvault-Commit-LSN") != null, "a DELETE is a write");
        assertNull(given().when().get("/api/v1/decisions?strategy=rs-lsn").getHeader("Tickvault-Commit-LSN"),
                "a read has none");
        Response refused = given().contentType("application/json").body("{\"symbol\":\"RS.LSN\",\"action\":\"BUY\","
                + "\"confidence\":7,\"strategy\":\"rs-lsn\"}").when().post("/api/v1/decisions");
        refused.then().statusCode(422);
        assertNull(refused.getHeader("Tickvault-Commit-LSN"), "a refused write wrote nothing");
        // A read with the position sees the write.
        given().header("Tickvault-Min-LSN", header).when().get("/api/v1/decisions?strategy=rs-lsn").then()
                .statusCode(200).body(containsString("rs-lsn"));
    }

    @Test
    void aMalformedMinimumPositionIsABadRequestOnEveryReadThatTakesIt() {
        for (String path : List.of("/api/v1/bars/RS.BAD?timeframe=1d", "/api/v1/bars/RS.BAD/latest?timeframe=1d",
                "/api/v1/bars/latest?symbols=RS.BAD&timeframe=1d", "/api/v1/bars/RS.BAD/resample?timeframe=1d&bucket=1w",
                "/api/v1/bars/RS.BAD/gaps?timeframe=1d", "/api/v1/symbols", "/api/v1/decisions", "/api/v1/trades",
                "/api/v1/trades/performance", "/api/v1/predictions/accuracy", "/api/v1/economic",
                "/api/v1/economic/RSBAD", "/api/v1/economic/RSBAD/vintages", "/api/v1/corporate-actions",
                "/api/v1/events", "/api/v1/news", "/api/v1/news?q=rates")) {
            for (String bad : List.of("latest", "0/", "1/2/3", "123456789/0", "0x1/0")) {
                given().header("Tickvault-Min-LSN", bad).when().get(path).then().statusCode(400)
                        .contentType("application/problem+json").body("detail", containsString("Tickvault-Min-LSN"));
            }
        }
        for (String accept : List.of("text/csv", "application/x-ndjson")) {
            given().accept(accept).header("Tickvault-Min-LSN", "nope").when().get("/api/v1/bars/RS.BAD?timeframe=1d")
                    .then().statusCode(400);
        }
        given().header("Tickvault-Min-LSN", "0/0").when().get("/api/v1/symbols").then().statusCode(200);
    }
}
