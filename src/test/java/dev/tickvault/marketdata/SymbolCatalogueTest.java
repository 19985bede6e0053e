package dev.tickvault.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** GET /api/v1/symbols and DELETE /api/v1/bars/{symbol}: the catalogue follows every upload and delete. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class SymbolCatalogueTest {

    /** The catalogue entry of one symbol, or null when /symbols does not list it. */
    private static JsonNode entry(String symbol) {
        JsonNode data = TestData.json(given().when().get("/api/v1/symbols")
                .then().statusCode(200).contentType("application/json").extract().asString()).get("data");
        for (JsonNode item : data) {
            if (item.get("symbol").asText().equals(symbol)) {
                return item;
            }
        }
        return null;
    }

    private static JsonNode series(String symbol, String timeframe) {
        JsonNode item = entry(symbol);
        assertNotNull(item, symbol + " is listed");
        for (JsonNode tf : item.get("timeframes")) {
            if (tf.get("timeframe").asText().equals(timeframe)) {
                return tf;
            }
        }
        return null;
    }

    private static long count(LocalDate fromInclusive, LocalDate toExclusive) {
        return TestData.sp500().stream()
                .filter(r -> !r.date().isBefore(fromInclusive) && r.date().isBefore(toExclusive)).count();
    }

    private static int delete(String symbol, String... params) {
        var request = given().queryParam("timeframe", "1d");
        for (int i = 0; i < params.length; i += 2) {
            request.queryParam(params[i], params[i + 1]);
        }
        return request.when().delete("/api/v1/bars/" + symbol)
                .then().statusCode(200).contentType("application/json").extract().path("deleted");
    }

    @Test
    void listsAnUploadedSeriesWithItsBoundsAndCount() {
        TestData.uploadSp500("GSPC.CAT1");
        List<TestData.Row> rows = TestData.sp500();
        JsonNode item = entry("GSPC.CAT1");
        assertNotNull(item);
        assertEquals(1, item.get("timeframes").size());
        JsonNode tf = item.get("timeframes").get(0);
        assertEquals("1d", tf.get("timeframe").asText());
        assertEquals(rows.get(0).ts(), tf.get("firstTs").asText());
        assertEquals(rows.get(rows.size() - 1).ts(), tf.get("lastTs").asText());
        assertEquals(rows.size(), tf.get("barCount").asLong());
    }

    @Test
    void listsEveryTimeframeOfASymbol() {
        String body = "[" + BarIngestTest.jsonBar("CAT.TF", "2024-01-02", "1", "2", "0.5", "1.5", 1) + ","
                + "{\"symbol\":\"CAT.TF\",\"timeframe\":\"1h\",\"ts\":\"2024-01-02T10:00:00Z\",\"open\":1,\"high\":2,"
                + "\"low\":0.5,\"close\":1.5,\"volume\":1},"
                + "{\"symbol\":\"CAT.TF\",\"timeframe\":\"1h\",\"ts\":\"2024-01-02T11:00:00Z\",\"open\":1,\"high\":2,"
                + "\"low\":0.5,\"close\":1.5,\"volume\":1}]";
        given().contentType("application/json").body(body).when().post("/api/v1/bars")
                .then().statusCode(200).body("inserted", equalTo(3));
        JsonNode hourly = series("CAT.TF", "1h");
        assertNotNull(hourly);
        assertEquals(2, hourly.get("barCount").asLong());
        assertEquals("2024-01-02T10:00:00Z", hourly.get("firstTs").asText());
        assertEquals("2024-01-02T11:00:00Z", hourly.get("lastTs").asText());
        JsonNode daily = series("CAT.TF", "1d");
        assertNotNull(daily);
        assertEquals(1, daily.get("barCount").asLong());
    }

    @Test
    void reuploadingDoesNotInflateTheCount() {
        TestData.uploadSp500("GSPC.CAT2");
        given().contentType("text/csv").queryParam("symbol", "GSPC.CAT2").queryParam("timeframe", "1d")
                .body(TestData.sp500Bytes()).when().post("/api/v1/bars")
                .then().statusCode(200).body("unchanged", equalTo(5105));
        assertEquals(TestData.sp500().size(), series("GSPC.CAT2", "1d").get("barCount").asLong());
    }

    @Test
    void deletingRangesUpdatesCountAndBoundsUntilTheSeriesDisappears() {
        String symbol = "GSPC.CAT3";
        TestData.uploadSp500(symbol);
        List<TestData.Row> rows = TestData.sp500();
        long remaining = rows.size();

        // The head: every bar of 2000. The first bar is now the first of 2001.
        long head = count(LocalDate.of(2000, 1, 1), LocalDate.of(2001, 1, 1));
        assertEquals(head, delete(symbol, "from", "2000-01-01", "to", "2001-01-01"));
        remaining -= head;
        TestData.Row first2001 = rows.stream().filter(r -> r.date().getYear() == 2001).findFirst().orElseThrow();
        JsonNode tf = series(symbol, "1d");
        assertEquals(remaining, tf.get("barCount").asLong());
        assertEquals(first2001.ts(), tf.get("firstTs").asText());
        assertEquals(rows.get(rows.size() - 1).ts(), tf.get("lastTs").asText());

        // The middle: 2008. Bounds stay.
        long middle = count(LocalDate.of(2008, 1, 1), LocalDate.of(2009, 1, 1));
        assertEquals(middle, delete(symbol, "from", "2008-01-01", "to", "2009-01-01"));
        remaining -= middle;
        tf = series(symbol, "1d");
        assertEquals(remaining, tf.get("barCount").asLong());
        assertEquals(first2001.ts(), tf.get("firstTs").asText());
        assertEquals(rows.get(rows.size() - 1).ts(), tf.get("lastTs").asText());
        given().queryParam("timeframe", "1d").queryParam("from", "2008-01-01").queryParam("to", "2009-01-01")
                .when().get("/api/v1/bars/" + symbol)
                .then().statusCode(200).body("data", hasSize(0));

        // The tail: 2020 (RFC 3339 bounds). The last bar is now the last of 2019.
        long tail = count(LocalDate.of(2020, 1, 1), LocalDate.of(2021, 1, 1));
        assertEquals(tail, delete(symbol, "from", "2020-01-01T00:00:00Z"));
        remaining -= tail;
        TestData.Row last2019 = rows.stream().filter(r -> r.date().getYear() == 2019)
                .reduce((a, b) -> b).orElseThrow();
        tf = series(symbol, "1d");
        assertEquals(remaining, tf.get("barCount").asLong());
        assertEquals(last2019.ts(), tf.get("lastTs").asText());

        // A range with nothing in it deletes nothing and changes nothing.
        assertEquals(0, delete(symbol, "from", "2008-03-01", "to", "2008-04-01"));
        assertEquals(remaining, series(symbol, "1d").get("barCount").asLong());

        // Everything else: the series leaves the catalogue.
        assertEquals(remaining, delete(symbol));
        assertNull(entry(symbol), symbol + " is no longer listed");
        given().queryParam("timeframe", "1d").when().get("/api/v1/bars/" + symbol + "/latest")
                .then().statusCode(404);
    }

    @Test
    void deletingOneTimeframeKeepsTheOthers() {
        String body = "[" + BarIngestTest.jsonBar("CAT.KEEP", "2024-01-02", "1", "2", "0.5", "1.5", 1) + ","
                + "{\"symbol\":\"CAT.KEEP\",\"timeframe\":\"1h\",\"ts\":\"2024-01-02T10:00:00Z\",\"open\":1,\"high\":2,"
                + "\"low\":0.5,\"close\":1.5,\"volume\":1}]";
        given().contentType("application/json").body(body).when().post("/api/v1/bars")
                .then().statusCode(200).body("inserted", equalTo(2));
        assertEquals(1, delete("CAT.KEEP"));
        JsonNode item = entry("CAT.KEEP");
        assertNotNull(item);
        assertEquals(1, item.get("timeframes").size());
        assertEquals("1h", item.get("timeframes").get(0).get("timeframe").asText());
    }

    @Test
    void deletingAnUnknownSeriesDeletesNothing() {
        assertEquals(0, delete("CAT.NONE"));
        assertNull(entry("CAT.NONE"));
    }

    @Test
    void deleteWithABadParameterIsABadRequest() {
        BarValidationTest.assertProblem(given().when().delete("/api/v1/bars/CAT.BAD").then(), 400);
        BarValidationTest.assertProblem(given().queryParam("timeframe", "1d").queryParam("from", "x")
                .when().delete("/api/v1/bars/CAT.BAD").then(), 400);
    }
}
