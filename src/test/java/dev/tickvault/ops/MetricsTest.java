package dev.tickvault.ops;

import dev.tickvault.marketdata.TestData;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Prometheus metrics at /q/metrics: pool, HTTP server and tickvault's own ingest counters. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class MetricsTest {

    private static String bar(String date, String close) {
        return "{\"symbol\":\"MET.A\",\"timeframe\":\"1d\",\"ts\":\"" + date + "T00:00:00Z\",\"open\":10,\"high\":12,"
                + "\"low\":9,\"close\":" + close + ",\"volume\":5}";
    }

    @Test
    void metricsExposePoolHttpAndIngestFigures() {
        given().contentType("application/json").body("[" + bar("2024-01-02", "11") + "]")
                .when().post("/api/v1/bars").then().statusCode(200);
        given().queryParam("timeframe", "1d").when().get("/api/v1/bars/MET.A/latest").then().statusCode(200);
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("sql_pool_"))
                .body(containsString("tickvault_bars_ingested_total"))
                .body(containsString("tickvault_bars_rejected_total"))
                .body(containsString("http_server_requests"));
    }

    @Test
    void ingestedCounterGrowsByInsertedPlusUpdatedRows() {
        given().contentType("application/json").body("[" + bar("2024-02-01", "11") + "]")
                .when().post("/api/v1/bars").then().statusCode(200);
        double before = TestData.metric("tickvault_bars_ingested_total");
        // First batch: one unchanged, two inserted. Second batch: one unchanged, one updated. Three rows written.
        given().contentType("application/json")
                .body("[" + bar("2024-02-01", "11") + "," + bar("2024-02-02", "11") + "," + bar("2024-02-05", "10") + "]")
                .when().post("/api/v1/bars").then().statusCode(200)
                .body("inserted", equalTo(2))
                .body("unchanged", equalTo(1));
        given().contentType("application/json").body("[" + bar("2024-02-01", "11") + "," + bar("2024-02-02", "12") + "]")
                .when().post("/api/v1/bars").then().statusCode(200)
                .body("updated", equalTo(1))
                .body("unchanged", equalTo(1));
        assertEquals(3.0, TestData.metric("tickvault_bars_ingested_total") - before);
    }

    @Test
    void httpServerRequestsAreCountedPerRoute() {
        given().when().get("/api/v1/symbols").then().statusCode(200);
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("uri=\"/api/v1/symbols\""));
    }
}
