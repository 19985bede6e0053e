package dev.tickvault.reference;

import dev.tickvault.marketdata.TestData;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event calendar: NYSE closures as events (each one a gap of the S&P 500 file), filters, PATCH, the rules. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class EventCalendarTest {

    /** {@code market-closures.csv} as a JSON array of events. */
    private static String closures(String eventType) {
        List<String> lines = SampleFiles.lines("market-closures.csv");
        StringBuilder json = new StringBuilder("[");
        for (String line : lines.subList(1, lines.size())) {
            int comma = line.indexOf(',');
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("{\"eventType\":\"").append(eventType).append("\",\"eventAt\":\"").append(line, 0, comma)
                    .append("T00:00:00Z\",\"name\":\"").append(line.substring(comma + 1))
                    .append("\",\"impact\":4,\"country\":\"US\",\"source\":\"NYSE\"}");
        }
        return json.append(']').toString();
    }

    private static String event(String type, String at, String name, int impact, String extra) {
        return "{\"eventType\":\"" + type + "\",\"eventAt\":\"" + at + "\",\"name\":\"" + name + "\",\"impact\":"
                + impact + ",\"source\":\"test\"" + extra + "}";
    }

    @Test
    void everyMarketClosureIsAlsoAGapOfTheSp500File() {
        TestData.uploadSp500("EVT.GSPC");
        given().contentType("application/json").body(closures("test_market_closure"))
                .when().post("/api/v1/events").then().statusCode(201).body("data", hasSize(9));

        List<String> closureDays = new ArrayList<>();
        List<String> eventAt = given().queryParam("eventType", "test_market_closure").queryParam("from", "2000-01-01")
                .queryParam("to", "2021-01-01").queryParam("country", "us").when().get("/api/v1/events")
                .then().statusCode(200).extract().path("data.eventAt");
        for (String at : eventAt) {
            closureDays.add(at.substring(0, 10));
        }
        assertEquals(9, closureDays.size());
        assertEquals("2001-09-11", closureDays.get(0));

        List<String> missing = given().queryParam("timeframe", "1d").queryParam("from", "2000-01-01")
                .queryParam("to", "2021-01-01").queryParam("limit", 10000)
                .when().get("/api/v1/bars/EVT.GSPC/gaps").then().statusCode(200).extract().path("missing");
        for (String day : closureDays) {
            assertTrue(missing.contains(day), day + " is a closure the gaps report does not list");
        }

        // The same calendar loaded again is refused whole: no second copy.
        given().contentType("application/json").body(closures("test_market_closure"))
                .when().post("/api/v1/events").then().statusCode(409).contentType("application/problem+json");
        given().queryParam("eventType", "test_market_closure").queryParam("limit", 100).when().get("/api/v1/events")
                .then().body("data", hasSize(9));
    }

    @Test
    void filtersByRangeTypeCountrySymbolAndImpact() {
        String batch = "[" + event("test_cpi", "2024-03-12T12:30:00Z", "US CPI m/m", 3,
                ",\"country\":\"US\",\"currency\":\"usd\",\"forecast\":0.4,\"previous\":0.3") + ","
                + event("test_cpi", "2024-04-10T12:30:00Z", "US CPI m/m", 3, ",\"country\":\"US\"") + ","
                + event("test_cpi", "2024-03-15T10:00:00Z", "DE CPI m/m", 2, ",\"country\":\"DE\"") + ","
                + event("test_earnings", "2024-05-02T20:30:00Z", "Apple Q2 earnings", 2, ",\"symbol\":\"aapl\"") + ","
                + event("test_cpi", "2024-03-20T18:00:00Z", "FOMC-adjacent CPI note", 1, ",\"country\":\"US\"") + "]";
        given().contentType("application/json").body(batch).when().post("/api/v1/events")
                .then().statusCode(201).body("data", hasSize(5)).body("data[0].currency", equalTo("USD"))
                .body("data[3].symbol", equalTo("AAPL"));

        given().queryParam("eventType", "test_cpi").when().get("/api/v1/events").then().statusCode(200)
                .body("data.name", equalTo(List.of("US CPI m/m", "DE CPI m/m", "FOMC-adjacent CPI note", "US CPI m/m")));
        given().queryParam("eventType", "test_cpi").queryParam("country", "US").queryParam("minImpact", 3)
                .when().get("/api/v1/events").then().body("data", hasSize(2));
        given().queryParam("eventType", "test_cpi").queryParam("from", "2024-03-13").queryParam("to", "2024-04-01")
                .when().get("/api/v1/events").then().body("data.name", equalTo(List.of("DE CPI m/m", "FOMC-adjacent CPI note")));
        given().queryParam("symbol", "AAPL").queryParam("eventType", "test_earnings").when().get("/api/v1/events")
                .then().body("data", hasSize(1)).body("data[0].name", equalTo("Apple Q2 earnings"));

        // Keyset pages, newest first too.
        List<String> names = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().queryParam("eventType", "test_cpi").queryParam("order", "desc").queryParam("limit", 1);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.when().get("/api/v1/events").then().statusCode(200).extract().response();
            names.addAll(page.path("data.name"));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        assertEquals(List.of("US CPI m/m", "FOMC-adjacent CPI note", "DE CPI m/m", "US CPI m/m"), names);

        given().queryParam("minImpact", 5).when().get("/api/v1/events").then().statusCode(400);
        given().queryParam("country", "USA").when().get("/api/v1/events").then().statusCode(400);
    }

    @Test
    void patchRecordsTheActualOnceReleased() {
        Response created = given().contentType("application/json")
                .body(event("test_nfp", "2024-06-07T12:30:00Z", "US nonfarm payrolls", 4,
                        ",\"country\":\"US\",\"forecast\":180,\"previous\":175"))
                .when().post("/api/v1/events").then().statusCode(201).header("ETag", "\"0\"")
                .body("$", not(hasKey("actual"))).extract().response();
        String id = created.path("id");
        assertEquals("/api/v1/events/" + id, created.header("Location"));

        given().contentType("application/json").header("If-Match", "\"0\"").body("{\"actual\":272}")
                .when().patch("/api/v1/events/" + id)
                .then().statusCode(200).header("ETag", "\"1\"").body("actual", equalTo(272))
                .body("forecast", equalTo(180)).body("version", equalTo(1));
        // A stale If-Match is 412; without one the change applies to the current version.
        given().contentType("application/json").header("If-Match", "\"0\"").body("{\"actual\":273}")
                .when().patch("/api/v1/events/" + id).then().statusCode(412);
        given().contentType("application/json").body("{\"previous\":165}")
                .when().patch("/api/v1/events/" + id).then().statusCode(200).header("ETag", "\"2\"")
                .body("actual", equalTo(272)).body("previous", equalTo(165));
        given().when().get("/api/v1/events/" + id).then().statusCode(200).header("ETag", "\"2\"");

        given().contentType("application/json").body("{}").when().patch("/api/v1/events/" + id).then().statusCode(422);
        given().contentType("application/json").body("{\"actual\":1}")
                .when().patch("/api/v1/events/0190d1f4-0000-7000-8000-000000000000").then().statusCode(404);
    }

    @Test
    void refusesWhatBreaksTheRulesAndReplaysAKey() {
        Response invalid = given().contentType("application/json")
                .body("[{\"eventType\":\"bad type!\",\"eventAt\":\"2024-01-01\",\"name\":\"x\",\"impact\":5},"
                        + event("test_dup", "2024-01-02T00:00:00Z", "Twice", 1, "") + ","
                        + event("test_dup", "2024-01-02T00:00:00Z", "Twice", 1, "") + "]")
                .when().post("/api/v1/events").then().statusCode(422).extract().response();
        assertEquals(List.of("/0/eventType", "/0/eventAt", "/0/impact", "/0/source", "/2/name"),
                invalid.path("errors.pointer"));
        given().queryParam("eventType", "test_dup").when().get("/api/v1/events").then().body("data", hasSize(0));

        String body = event("test_key", "2024-01-03T00:00:00Z", "Keyed", 2, "");
        Response first = given().contentType("application/json").header("Idempotency-Key", "evt-1").body(body)
                .when().post("/api/v1/events").then().statusCode(201).extract().response();
        given().contentType("application/json").header("Idempotency-Key", "evt-1").body(body)
                .when().post("/api/v1/events").then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("id", equalTo(first.path("id")));
        List<Map<String, Object>> keyed = given().queryParam("eventType", "test_key").when().get("/api/v1/events")
                .then().extract().path("data");
        assertEquals(1, keyed.size());
    }
}
