package dev.tickvault.marketdata;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class BarLatestTest {

    @Test
    void latestIsNotFoundForASeriesWithoutBars() {
        given().queryParam("timeframe", "1d")
                .when().get("/api/v1/bars/NOBARS/latest")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void latestReturnsTheNewestBar() {
        given().contentType("application/json")
                .body("[{\"symbol\":\"lt1\",\"timeframe\":\"1d\",\"ts\":\"2024-01-02T00:00:00Z\",\"open\":1,\"high\":2,"
                        + "\"low\":0.5,\"close\":1.5,\"volume\":10},{\"symbol\":\"LT1\",\"timeframe\":\"1d\","
                        + "\"ts\":\"2024-01-03T00:00:00Z\",\"open\":1.5,\"high\":3,\"low\":1.25,\"close\":2.75,\"volume\":20}]")
                .when().post("/api/v1/bars")
                .then().statusCode(200).body("inserted", equalTo(2));
        given().queryParam("timeframe", "1d")
                .when().get("/api/v1/bars/lt1/latest")
                .then().statusCode(200)
                .body("symbol", equalTo("LT1"))
                .body("ts", equalTo("2024-01-03T00:00:00Z"))
                .body("close", equalTo(2.75f));
    }
}
