package dev.tickvault.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bars at the first and last timestamps a body may carry (UTC years 0001..9999): a read without
 * {@code from}/{@code to} covers them all, like {@code /latest} does, in pages, streams, resampling and deletes.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class BarTimestampRangeTest {

    private static final List<String> TIMES = List.of("0001-01-01T00:00:00Z", "2020-01-02T00:00:00Z",
            "9999-12-31T00:00:00Z");

    private static void upload(String symbol) {
        StringBuilder body = new StringBuilder("[");
        for (String ts : TIMES) {
            body.append(body.length() > 1 ? "," : "").append("{\"symbol\":\"").append(symbol)
                    .append("\",\"timeframe\":\"1d\",\"ts\":\"").append(ts)
                    .append("\",\"open\":2,\"high\":3,\"low\":1,\"close\":2.5,\"volume\":7}");
        }
        given().contentType("application/json").body(body.append("]").toString())
                .when().post("/api/v1/bars")
                .then().statusCode(200).body("inserted", equalTo(TIMES.size()));
    }

    private static List<String> pageThrough(String symbol, String order) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = given().queryParam("timeframe", "1d").queryParam("limit", "1")
                    .queryParam("order", order);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonNode page = TestData.json(request.when().get("/api/v1/bars/" + symbol)
                    .then().statusCode(200).extract().asString());
            page.get("data").forEach(bar -> seen.add(bar.get("ts").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            assertTrue(++pages <= TIMES.size() + 1, "paging must end");
        } while (cursor != null);
        return seen;
    }

    private static List<String> lines(String body) {
        List<String> lines = new ArrayList<>(List.of(body.split("\n")));
        lines.removeIf(String::isEmpty);
        return lines;
    }

    @Test
    void pagesInBothOrdersHoldTheFirstAndLastStorableBars() {
        upload("EDGE.PG");
        given().queryParam("timeframe", "1d").when().get("/api/v1/bars/EDGE.PG/latest")
                .then().statusCode(200).body("ts", equalTo("9999-12-31T00:00:00Z"));
        assertEquals(TIMES, pageThrough("EDGE.PG", "asc"));
        assertEquals(List.of(TIMES.get(2), TIMES.get(1), TIMES.get(0)), pageThrough("EDGE.PG", "desc"));
    }

    @Test
    void csvAndNdjsonStreamsHoldTheFirstAndLastStorableBars() {
        upload("EDGE.STR");
        List<String> csv = lines(given().accept("text/csv").queryParam("timeframe", "1d")
                .when().get("/api/v1/bars/EDGE.STR").then().statusCode(200).extract().asString());
        assertEquals(TIMES.size() + 1, csv.size(), "header and every bar: " + csv);
        for (int i = 0; i < TIMES.size(); i++) {
            assertEquals(TIMES.get(i), csv.get(i + 1).split(",")[2]);
        }
        List<String> ndjson = lines(given().accept("application/x-ndjson").queryParam("timeframe", "1d")
                .queryParam("order", "desc")
                .when().get("/api/v1/bars/EDGE.STR").then().statusCode(200).extract().asString());
        assertEquals(TIMES.size(), ndjson.size(), "every bar: " + ndjson);
        for (int i = 0; i < TIMES.size(); i++) {
            assertEquals(TIMES.get(TIMES.size() - 1 - i), TestData.json(ndjson.get(i)).get("ts").asText());
        }
    }

    @Test
    void resampleAndDeleteReachTheFirstAndLastStorableBars() {
        upload("EDGE.RS");
        given().queryParam("timeframe", "1d").queryParam("bucket", "1w")
                .when().get("/api/v1/bars/EDGE.RS/resample")
                .then().statusCode(200)
                .body("data.size()", equalTo(TIMES.size()))
                .body("data.barCount", equalTo(List.of(1, 1, 1)));
        given().queryParam("timeframe", "1d")
                .when().delete("/api/v1/bars/EDGE.RS")
                .then().statusCode(200).body("deleted", equalTo(TIMES.size()));
        given().queryParam("timeframe", "1d").when().get("/api/v1/bars/EDGE.RS/latest")
                .then().statusCode(404);
    }
}
