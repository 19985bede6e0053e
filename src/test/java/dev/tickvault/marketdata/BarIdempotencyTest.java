package dev.tickvault.marketdata;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class BarIdempotencyTest {

    private static String bars(String symbol, String close) {
        return "[{\"symbol\":\"" + symbol + "\",\"timeframe\":\"1d\",\"ts\":\"2024-01-02T00:00:00Z\",\"open\":1,\"high\":2,"
                + "\"low\":0.5,\"close\":" + close + ",\"volume\":10},{\"symbol\":\"" + symbol + "\",\"timeframe\":\"1d\","
                + "\"ts\":\"2024-01-03T00:00:00Z\",\"open\":1.5,\"high\":3,\"low\":1.25,\"close\":2.75,\"volume\":20}]";
    }

    @Test
    void aRetryWithTheSameKeyGetsTheFirstAnswerAndWritesNothing() {
        String body = bars("BI1", "1.5");
        given().contentType("application/json").header("Idempotency-Key", "bi1").body(body)
                .when().post("/api/v1/bars")
                .then().statusCode(200).body("inserted", equalTo(2));
        // Without the key the same batch is a second write, counted as unchanged; with it, the first answer.
        given().contentType("application/json").header("Idempotency-Key", "bi1").body(body)
                .when().post("/api/v1/bars")
                .then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("inserted", equalTo(2)).body("unchanged", equalTo(0));
        given().contentType("application/json").header("Idempotency-Key", "bi1").body(bars("BI1", "1.75"))
                .when().post("/api/v1/bars")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:tickvault:problem:idempotency-key-reused"));
        given().queryParam("timeframe", "1d").when().get("/api/v1/bars/BI1")
                .then().statusCode(200).body("data[0].close", equalTo(1.5f));
    }

    @Test
    void theQueryIsPartOfTheRequest() {
        String csv = "Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,2,0.5,1.5,1.5,10\n";
        given().contentType("text/csv").header("Idempotency-Key", "bi2").queryParam("symbol", "BI2")
                .queryParam("timeframe", "1d").body(csv)
                .when().post("/api/v1/bars").then().statusCode(200).body("inserted", equalTo(1));
        given().contentType("text/csv").header("Idempotency-Key", "bi2").queryParam("symbol", "BI3")
                .queryParam("timeframe", "1d").body(csv)
                .when().post("/api/v1/bars").then().statusCode(422);
    }

    @Test
    void aRefusedBatchStoresNoKey() {
        given().contentType("application/json").header("Idempotency-Key", "bi4").body(bars("BI4", "-1"))
                .when().post("/api/v1/bars").then().statusCode(422);
        given().contentType("application/json").header("Idempotency-Key", "bi4").body(bars("BI4", "1.5"))
                .when().post("/api/v1/bars").then().statusCode(200).body("inserted", equalTo(2));
    }

    @Test
    void concurrentDuplicatesWriteOnce() throws Exception {
        String body = bars("BI5", "1.5");
        ExecutorService executor = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(executor.submit(() -> given().contentType("application/json")
                        .header("Idempotency-Key", "bi5").body(body)
                        .when().post("/api/v1/bars").then().statusCode(200).extract().asString()));
            }
            // Had any duplicate run the upsert, it would answer "unchanged":2.
            for (Future<String> answer : answers) {
                assertEquals("{\"received\":2,\"inserted\":2,\"updated\":0,\"unchanged\":0}", answer.get());
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void anUnusableKeyIsABadRequest() {
        given().contentType("application/json").header("Idempotency-Key", "x".repeat(256)).body(bars("BI6", "1.5"))
                .when().post("/api/v1/bars").then().statusCode(400).contentType("application/problem+json");
    }
}
