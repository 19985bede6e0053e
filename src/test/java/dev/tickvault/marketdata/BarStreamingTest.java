package dev.tickvault.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.tickvault.marketdata.TestData.assertSameValue;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Streaming GET /api/v1/bars/{symbol} as CSV and NDJSON: every row of the S&P 500 file, in order, exact values. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class BarStreamingTest {

    private static final String SYMBOL = "GSPC.STR";
    private static boolean loaded;

    private static synchronized void ensureLoaded() {
        if (!loaded) {
            TestData.uploadSp500(SYMBOL);
            loaded = true;
        }
    }

    private static Response stream(String accept, String... params) {
        var request = given().accept(accept).queryParam("timeframe", "1d");
        for (int i = 0; i < params.length; i += 2) {
            request.queryParam(params[i], params[i + 1]);
        }
        return request.when().get("/api/v1/bars/" + SYMBOL);
    }

    private static List<String> lines(String body) {
        List<String> lines = new ArrayList<>(List.of(body.split("\r?\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    @Test
    void csvStreamHasAHeaderAndEveryRowOfTheFileInOrder() {
        ensureLoaded();
        Response response = stream("text/csv");
        response.then().statusCode(200).contentType(startsWith("text/csv"));
        List<String> lines = lines(response.asString());
        List<TestData.Row> rows = TestData.sp500();
        assertEquals(rows.size() + 1, lines.size(), "header plus one line per bar");
        assertEquals("symbol,timeframe,ts,open,high,low,close,volume,vwap,tradeCount,source,adjClose", lines.get(0));
        for (int i = 0; i < rows.size(); i++) {
            TestData.Row row = rows.get(i);
            String[] f = lines.get(i + 1).split(",", -1);
            String what = "line " + (i + 2);
            assertEquals(12, f.length, what);
            assertEquals(SYMBOL, f[0], what);
            assertEquals("1d", f[1], what);
            assertEquals(row.ts(), f[2], what);
            assertSameValue(row.open(), new BigDecimal(f[3]), what + " open");
            assertSameValue(row.high(), new BigDecimal(f[4]), what + " high");
            assertSameValue(row.low(), new BigDecimal(f[5]), what + " low");
            assertSameValue(row.close(), new BigDecimal(f[6]), what + " close");
            assertEquals(row.volume(), Long.parseLong(f[7]), what + " volume");
            assertEquals("", f[8] + f[9] + f[10], what + ": the file has no vwap, tradeCount or source");
            assertSameValue(row.adjClose(), new BigDecimal(f[11]), what + " adjClose, the file's Adj Close");
        }
    }

    @Test
    void ndjsonStreamHasOneObjectPerRowOfTheFileInOrder() {
        ensureLoaded();
        Response response = stream("application/x-ndjson");
        response.then().statusCode(200).contentType(startsWith("application/x-ndjson"));
        List<String> lines = lines(response.asString());
        List<TestData.Row> rows = TestData.sp500();
        assertEquals(rows.size(), lines.size(), "one line per bar");
        for (int i = 0; i < rows.size(); i++) {
            TestData.Row row = rows.get(i);
            assertFalse(lines.get(i).isBlank(), "line " + (i + 1) + " is empty");
            JsonNode bar = TestData.json(lines.get(i));
            String what = "line " + (i + 1);
            assertEquals(SYMBOL, bar.get("symbol").asText(), what);
            assertEquals("1d", bar.get("timeframe").asText(), what);
            assertEquals(row.ts(), bar.get("ts").asText(), what);
            assertSameValue(row.open(), bar.get("open"), what + " open");
            assertSameValue(row.high(), bar.get("high"), what + " high");
            assertSameValue(row.low(), bar.get("low"), what + " low");
            assertSameValue(row.close(), bar.get("close"), what + " close");
            assertEquals(row.volume(), bar.get("volume").asLong(), what + " volume");
        }
    }

    @Test
    void ndjsonStreamHonoursRangeAndDescendingOrder() {
        ensureLoaded();
        List<TestData.Row> expected = new ArrayList<>(TestData.sp500().stream()
                .filter(r -> r.date().getYear() == 2019).toList());
        Collections.reverse(expected);
        Response response = stream("application/x-ndjson", "from", "2019-01-01", "to", "2020-01-01",
                "order", "desc");
        response.then().statusCode(200);
        List<String> lines = lines(response.asString());
        assertEquals(expected.size(), lines.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode bar = TestData.json(lines.get(i));
            assertEquals(expected.get(i).ts(), bar.get("ts").asText());
            assertSameValue(expected.get(i).close(), bar.get("close"), "close " + expected.get(i).date());
        }
    }

    @Test
    void csvStreamOfAnEmptyRangeIsOnlyTheHeader() {
        ensureLoaded();
        Response response = stream("text/csv", "from", "1990-01-01", "to", "1991-01-01");
        response.then().statusCode(200);
        assertEquals(List.of("symbol,timeframe,ts,open,high,low,close,volume,vwap,tradeCount,source,adjClose"),
                lines(response.asString()));
    }

    @Test
    void csvStreamPostedBackIsAcceptedWithEveryRowUnchanged() {
        String body = "[{\"symbol\":\"STR.RT\",\"timeframe\":\"1d\",\"ts\":\"2024-01-02T00:00:00Z\",\"open\":1.5,"
                + "\"high\":2,\"low\":0.5,\"close\":1.25,\"volume\":10,\"vwap\":1.1,\"tradeCount\":3,"
                + "\"source\":\"feed, \\\"quoted\\\" name\"},"
                + "{\"symbol\":\"STR.RT\",\"timeframe\":\"1d\",\"ts\":\"2024-01-03T00:00:00Z\",\"open\":1,"
                + "\"high\":1,\"low\":1,\"close\":1,\"volume\":0}]";
        given().contentType("application/json").body(body).when().post("/api/v1/bars")
                .then().statusCode(200).body("inserted", equalTo(2));
        String csv = given().accept("text/csv").queryParam("timeframe", "1d")
                .when().get("/api/v1/bars/STR.RT")
                .then().statusCode(200).extract().asString();
        given().contentType("text/csv").body(csv).when().post("/api/v1/bars")
                .then().statusCode(200)
                .body("received", equalTo(2))
                .body("unchanged", equalTo(2));
        given().queryParam("timeframe", "1d").when().get("/api/v1/bars/STR.RT/latest")
                .then().statusCode(200);
        JsonNode first = TestData.json(given().queryParam("timeframe", "1d").queryParam("limit", "1")
                .when().get("/api/v1/bars/STR.RT").then().statusCode(200).extract().asString()).get("data").get(0);
        assertEquals("feed, \"quoted\" name", first.get("source").asText());
    }

    @Test
    void streamWithABadParameterIsABadRequestProblem() {
        BarValidationTest.assertProblem(given().accept("text/csv").queryParam("timeframe", "7d")
                .when().get("/api/v1/bars/" + SYMBOL).then(), 400);
        BarValidationTest.assertProblem(given().accept("application/x-ndjson").queryParam("timeframe", "1d")
                .queryParam("from", "soon").when().get("/api/v1/bars/" + SYMBOL).then(), 400);
    }
}
