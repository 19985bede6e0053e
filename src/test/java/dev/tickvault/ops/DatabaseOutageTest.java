package dev.tickvault.ops;

import dev.tickvault.ops.embedded.LocalPostgres;
import dev.tickvault.support.Eventually;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Supplier;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Database outage: readiness DOWN, liveness UP, fast 503 problems with Retry-After, recovery without a restart. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class DatabaseOutageTest {

    /** No request of this test may hang: a client-side timeout turns a hang into a failure. */
    private static RequestSpecification given() {
        return Eventually.given(Duration.ofSeconds(15));
    }

    /** Polls until {@code condition} holds, failing after {@code limit}. */
    private static void await(String what, Duration limit, Supplier<Boolean> condition) {
        Eventually.await(what, limit, Duration.ofMillis(250), condition);
    }

    private static int status(String path) {
        return given().when().get(path).statusCode();
    }

    @Test
    void outageGivesFast503sAndTheServiceRecoversWhenTheDatabaseReturns() {
        given().contentType("application/json")
                .body("[{\"symbol\":\"OUT.A\",\"timeframe\":\"1d\",\"ts\":\"2024-01-02T00:00:00Z\",\"open\":1,"
                        + "\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":10}]")
                .when().post("/api/v1/bars")
                .then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200);

        LocalPostgres server = PostgresResource.server();
        assertNotNull(server, "the test database");
        server.stop();
        try {
            await("readiness DOWN", Duration.ofSeconds(10), () -> status("/q/health/ready") == 503);
            given().when().get("/q/health/ready")
                    .then().statusCode(503)
                    .body("status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'database' }.status", equalTo("DOWN"));

            given().when().get("/q/health/live")
                    .then().statusCode(200)
                    .body("status", equalTo("UP"));

            long start = System.nanoTime();
            Response latest = given().queryParam("timeframe", "1d").when().get("/api/v1/bars/OUT.A/latest");
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            latest.then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue())
                    .body("status", equalTo(503))
                    .body("type", notNullValue())
                    .body("title", notNullValue())
                    .body("detail", notNullValue());
            assertTrue(elapsedMs < 5_000, "503 must come fast, took " + elapsedMs + " ms");
            assertTrue(Integer.parseInt(latest.header("Retry-After")) > 0, "Retry-After is a number of seconds");

            start = System.nanoTime();
            given().contentType("application/json")
                    .body("[{\"symbol\":\"OUT.B\",\"timeframe\":\"1d\",\"ts\":\"2024-01-02T00:00:00Z\",\"open\":1,"
                            + "\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":10}]")
                    .when().post("/api/v1/bars")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue());
            elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMs < 5_000, "503 on ingest must come fast, took " + elapsedMs + " ms");

            given().when().get("/api/v1/symbols")
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue());

            given().when().get("/q/health/started").then().statusCode(200);
        } finally {
            server.start();
        }

        await("readiness UP again", Duration.ofSeconds(20), () -> status("/q/health/ready") == 200);
        given().queryParam("timeframe", "1d").when().get("/api/v1/bars/OUT.A/latest")
                .then().statusCode(200)
                .body("symbol", equalTo("OUT.A"))
                .body("ts", equalTo("2024-01-02T00:00:00Z"));
        given().contentType("application/json")
                .body("[{\"symbol\":\"OUT.B\",\"timeframe\":\"1d\",\"ts\":\"2024-01-02T00:00:00Z\",\"open\":1,"
                        + "\"high\":2,\"low\":0.5,\"close\":1.5,\"volume\":10}]")
                .when().post("/api/v1/bars")
                .then().statusCode(200)
                .body("inserted", equalTo(1));
        assertEquals(200, status("/q/health/group/database"));
    }
}
