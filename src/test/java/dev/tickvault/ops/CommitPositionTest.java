package dev.tickvault.ops;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without any read replica configured, a successful write still answers {@code Tickvault-Commit-LSN} (a client
 * need not know how a deployment reads), and a read sending it back as {@code Tickvault-Min-LSN} is answered by
 * the primary with the write in it. The replica cases are {@code ReplicaSettingsTest}'s and
 * {@code ReadReplicaIT}'s.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class CommitPositionTest {

    @Inject
    Pool pool;

    private long currentInsertLsn() {
        return lsn(pool.query("SELECT pg_current_wal_insert_lsn()::text").execute().await()
                .atMost(Duration.ofSeconds(10)).iterator().next().getString(0));
    }

    private static long lsn(String text) {
        String[] halves = text.split("/");
        return (Long.parseLong(halves[0], 16) << 32) | Long.parseLong(halves[1], 16);
    }

    @Test
    void aWriteAnswersItsCommitPositionWithoutReplicasAndAReadWithItSeesTheWrite() {
        long before = currentInsertLsn();
        Response written = given().contentType("application/json").body("[{\"symbol\":\"CP.NOREP\",\"timeframe\":\"1d\","
                + "\"ts\":\"2024-03-01T00:00:00Z\",\"open\":1,\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":7}]")
                .when().post("/api/v1/bars");
        written.then().statusCode(200);
        String header = written.getHeader("Tickvault-Commit-LSN");
        assertNotNull(header, "Tickvault-Commit-LSN in " + written.getHeaders());
        assertTrue(header.matches("[0-9A-F]{1,8}/[0-9A-F]{1,8}") && lsn(header) > before, header);
        Response read = given().header("Tickvault-Min-LSN", header).when()
                .get("/api/v1/bars/CP.NOREP/latest?timeframe=1d");
        read.then().statusCode(200).body(containsString("2024-03-01T00:00:00Z"));
        assertNull(read.getHeader("Tickvault-Commit-LSN"), "a read has none");
    }
}
