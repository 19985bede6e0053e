package dev.tickvault.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.tickvault.marketdata.TestData.assertSameValue;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api/v1/bars: upsert counts for the S&P 500 file and the JSON, NDJSON, CSV and Yahoo CSV bodies. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class BarIngestTest {

    @Test
    void uploadingTheSp500FileInsertsEveryRow() {
        given().contentType("text/csv").queryParam("symbol", "GSPC.ING1").queryParam("timeframe", "1d")
                .body(TestData.sp500Bytes())
                .when().post("/api/v1/bars")
                .then().statusCode(200)
                .contentType("application/json")
                .body("received", equalTo(5105))
                .body("inserted", equalTo(5105))
                .body("updated", equalTo(0))
                .body("unchanged", equalTo(0));
    }

    @Test
    void uploadingTheSameFileAgainLeavesEveryRowUnchanged() {
        TestData.uploadSp500("GSPC.ING2");
        given().contentType("text/csv").queryParam("symbol", "GSPC.ING2").queryParam("timeframe", "1d")
                .body(TestData.sp500Bytes())
                .when().post("/api/v1/bars")
                .then().statusCode(200)
                .body("received", equalTo(5105))
                .body("inserted", equalTo(0))
                .body("updated", equalTo(0))
                .body("unchanged", equalTo(5105));
    }

    @Test
    void reuploadingWithOneChangedCloseUpdatesOnlyThatBar() {
        TestData.uploadSp500("GSPC.ING3");
        List<TestData.Row> rows = TestData.sp500();
        // A row in the middle of the file whose close is not its low: setting close = low keeps the bar valid.
        TestData.Row changed = rows.stream()
                .filter(r -> r.date().getYear() == 2010 && r.close().compareTo(r.low()) != 0)
                .findFirst().orElseThrow();
        String text = new String(TestData.sp500Bytes(), StandardCharsets.UTF_8);
        String oldLine = String.join(",", changed.date().toString(), raw(text, changed, 1), raw(text, changed, 2),
                raw(text, changed, 3), raw(text, changed, 4), raw(text, changed, 5), raw(text, changed, 6));
        String newLine = String.join(",", changed.date().toString(), raw(text, changed, 1), raw(text, changed, 2),
                raw(text, changed, 3), raw(text, changed, 3), raw(text, changed, 5), raw(text, changed, 6));
        String modified = text.replace(oldLine, newLine);
        assertNotEquals(text, modified, "the test must change one line of the file");

        given().contentType("text/csv").queryParam("symbol", "GSPC.ING3").queryParam("timeframe", "1d")
                .body(modified.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/bars")
                .then().statusCode(200)
                .body("received", equalTo(5105))
                .body("inserted", equalTo(0))
                .body("updated", equalTo(1))
                .body("unchanged", equalTo(5104));

        JsonNode bar = TestData.json(given().queryParam("timeframe", "1d")
                .queryParam("from", changed.date().toString()).queryParam("limit", "1")
                .when().get("/api/v1/bars/GSPC.ING3")
                .then().statusCode(200).extract().asString()).get("data").get(0);
        assertEquals(changed.ts(), bar.get("ts").asText());
        assertSameValue(changed.low(), bar.get("close"), "stored close after the update");
        assertSameValue(changed.open(), bar.get("open"), "open is untouched");
    }

    @Test
    void ndjsonBodyIsStoredBarByBar() {
        String body = """
                {"symbol":"nd.ing","timeframe":"1h","ts":"2024-03-04T14:00:00Z","open":10.5,"high":11,"low":10.25,"close":10.75,"volume":100}
                {"symbol":"ND.ING","timeframe":"1h","ts":"2024-03-04T10:00:00-05:00","open":10.75,"high":12.125,"low":10.5,"close":12,"volume":250,"vwap":11.5,"tradeCount":7,"source":"test"}

                """;
        given().contentType("application/x-ndjson").body(body.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/bars")
                .then().statusCode(200)
                .body("received", equalTo(2))
                .body("inserted", equalTo(2))
                .body("updated", equalTo(0))
                .body("unchanged", equalTo(0));

        JsonNode data = TestData.json(given().queryParam("timeframe", "1h")
                .when().get("/api/v1/bars/ND.ING")
                .then().statusCode(200).extract().asString()).get("data");
        assertEquals(2, data.size());
        assertEquals("ND.ING", data.get(0).get("symbol").asText());
        assertEquals("2024-03-04T14:00:00Z", data.get(0).get("ts").asText());
        assertFalse(data.get(0).has("vwap"), "absent vwap is omitted");
        // 10:00 at -05:00 is 15:00 UTC.
        assertEquals("2024-03-04T15:00:00Z", data.get(1).get("ts").asText());
        assertSameValue(new BigDecimal("12.125"), data.get(1).get("high"), "high");
        assertSameValue(new BigDecimal("11.5"), data.get(1).get("vwap"), "vwap");
        assertEquals(7, data.get(1).get("tradeCount").asLong());
        assertEquals("test", data.get(1).get("source").asText());
        assertEquals(250, data.get(1).get("volume").asLong());
    }

    @Test
    void genericCsvBodyWithOptionalColumnsIsStored() {
        String body = """
                symbol,timeframe,ts,open,high,low,close,volume,vwap,tradeCount,source
                CSV.ING,1d,2024-01-02T00:00:00Z,100.5,101.25,99.75,101,1200,100.9,42,feed-a
                csv.ing,1d,2024-01-03T00:00:00Z,101,102,100.5,101.5,900,,,
                """;
        given().contentType("text/csv").body(body)
                .when().post("/api/v1/bars")
                .then().statusCode(200)
                .body("received", equalTo(2))
                .body("inserted", equalTo(2));

        JsonNode data = TestData.json(given().queryParam("timeframe", "1d")
                .when().get("/api/v1/bars/CSV.ING")
                .then().statusCode(200).extract().asString()).get("data");
        assertEquals(2, data.size());
        JsonNode first = data.get(0);
        assertEquals("2024-01-02T00:00:00Z", first.get("ts").asText());
        assertSameValue(new BigDecimal("100.5"), first.get("open"), "open");
        assertSameValue(new BigDecimal("101.25"), first.get("high"), "high");
        assertSameValue(new BigDecimal("99.75"), first.get("low"), "low");
        assertSameValue(new BigDecimal("101"), first.get("close"), "close");
        assertEquals(1200, first.get("volume").asLong());
        assertSameValue(new BigDecimal("100.9"), first.get("vwap"), "vwap");
        assertEquals(42, first.get("tradeCount").asLong());
        assertEquals("feed-a", first.get("source").asText());
        JsonNode second = data.get(1);
        assertEquals("CSV.ING", second.get("symbol").asText());
        assertFalse(second.has("vwap"));
        assertFalse(second.has("tradeCount"));
        assertFalse(second.has("source"));
    }

    @Test
    void yahooCsvWithTitleCaseHeadersIsStoredUnderTheQuerySymbol() {
        List<TestData.Row> rows = TestData.sp500().subList(0, 10);
        StringBuilder body = new StringBuilder("Date,Open,High,Low,Close,Adj Close,Volume\r\n");
        for (TestData.Row r : rows) {
            body.append(r.date()).append(',').append(r.open().toPlainString()).append(',')
                    .append(r.high().toPlainString()).append(',').append(r.low().toPlainString()).append(',')
                    .append(r.close().toPlainString()).append(',').append(r.adjClose().toPlainString()).append(',')
                    .append(r.volume()).append("\r\n");
        }
        given().contentType("text/csv").queryParam("symbol", "yahoo.ing").queryParam("timeframe", "1d")
                .body(body.toString())
                .when().post("/api/v1/bars")
                .then().statusCode(200)
                .body("received", equalTo(10))
                .body("inserted", equalTo(10));

        JsonNode data = TestData.json(given().queryParam("timeframe", "1d")
                .when().get("/api/v1/bars/YAHOO.ING")
                .then().statusCode(200).extract().asString()).get("data");
        assertEquals(10, data.size());
        for (int i = 0; i < rows.size(); i++) {
            TestData.Row r = rows.get(i);
            JsonNode bar = data.get(i);
            assertEquals("YAHOO.ING", bar.get("symbol").asText());
            assertEquals("1d", bar.get("timeframe").asText());
            assertEquals(r.ts(), bar.get("ts").asText());
            assertSameValue(r.open(), bar.get("open"), "open " + r.date());
            assertSameValue(r.high(), bar.get("high"), "high " + r.date());
            assertSameValue(r.low(), bar.get("low"), "low " + r.date());
            assertSameValue(r.close(), bar.get("close"), "close " + r.date());
            assertEquals(r.volume(), bar.get("volume").asLong(), "volume " + r.date());
        }
    }

    @Test
    void jsonArrayReportsInsertedUpdatedAndUnchangedInOneBatch() {
        String first = "[" + jsonBar("JSON.ING", "2024-05-01", "10", "12", "9", "11", 5) + ","
                + jsonBar("JSON.ING", "2024-05-02", "11", "13", "10", "12", 6) + "]";
        given().contentType("application/json").body(first)
                .when().post("/api/v1/bars")
                .then().statusCode(200).body("inserted", equalTo(2));
        String second = "[" + jsonBar("JSON.ING", "2024-05-01", "10", "12", "9", "11", 5) + ","
                + jsonBar("JSON.ING", "2024-05-02", "11", "13", "10", "12.5", 6) + ","
                + jsonBar("JSON.ING", "2024-05-03", "12", "14", "11", "13", 7) + "]";
        given().contentType("application/json").body(second)
                .when().post("/api/v1/bars")
                .then().statusCode(200)
                .body("received", equalTo(3))
                .body("inserted", equalTo(1))
                .body("updated", equalTo(1))
                .body("unchanged", equalTo(1));
    }

    @Test
    void jsonPricesKeepEveryDigitOfTheColumn() {
        // 20 significant digits: a double would keep about 16 (123456789012.12346). Beyond a long at 8 decimals,
        // so sent to PostgreSQL as NUMERIC.
        assertStoredExactly("EXACT.ING", "123456789012.12345678", "123456789012.12345679", "0.00000001",
                "123456789012.1234567", "\"open\":123456789012.12345678,\"high\":123456789012.12345679,"
                        + "\"low\":0.00000001,\"close\":123456789012.1234567,");
    }

    @Test
    void pricesSentScaledKeepEveryDigit() {
        // Prices whose unscaled value at 8 decimals fits a long go to PostgreSQL as integers: the largest and the smallest.
        assertStoredExactly("EXACT.SCALED", "1234.5", "92233720368.54775807", "0.00000001", "42",
                "\"open\":1234.5,\"high\":92233720368.54775807,\"low\":0.00000001,\"close\":42,");
    }

    /** Posts one daily bar of {@code symbol} and checks that its latest bar reads {@code expected}. */
    private static void assertStoredExactly(String symbol, String open, String high, String low, String close,
            String expected) {
        given().contentType("application/json").body("[" + jsonBar(symbol, "2024-05-01", open, high, low, close, 5) + "]")
                .when().post("/api/v1/bars")
                .then().statusCode(200).body("inserted", equalTo(1));
        String latest = given().queryParam("timeframe", "1d")
                .when().get("/api/v1/bars/" + symbol + "/latest")
                .then().statusCode(200).extract().asString();
        assertTrue(latest.contains(expected), latest);
    }

    @Test
    void concurrentOverlappingBatchesInsertEveryBarExactlyOnce() throws Exception {
        int clients = 8;
        int perBatch = 200;
        int step = 100;
        LocalDate start = LocalDate.of(2001, 1, 1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> results = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) {
                StringBuilder body = new StringBuilder("[");
                for (int d = c * step; d < c * step + perBatch; d++) {
                    if (body.length() > 1) {
                        body.append(',');
                    }
                    // The same day always gets the same values, whichever client sends it.
                    body.append(jsonBar("CONC.ING", start.plusDays(d).toString(), "10", "12", "9", "11", d));
                }
                String json = body.append(']').toString();
                results.add(pool.submit(() -> {
                    go.await();
                    return given().contentType("application/json").body(json).when().post("/api/v1/bars");
                }));
            }
            go.countDown();
            int inserted = 0;
            for (Future<Response> result : results) {
                Response response = result.get(60, TimeUnit.SECONDS);
                response.then().statusCode(200).body("received", equalTo(perBatch)).body("updated", equalTo(0));
                inserted += response.<Integer>path("inserted");
            }
            int distinct = (clients - 1) * step + perBatch;
            assertEquals(distinct, inserted, "every distinct bar is inserted by exactly one client");
            JsonNode data = TestData.json(given().when().get("/api/v1/symbols").then().statusCode(200)
                    .extract().asString()).get("data");
            long count = -1;
            for (JsonNode item : data) {
                if (item.get("symbol").asText().equals("CONC.ING")) {
                    count = item.get("timeframes").get(0).get("barCount").asLong();
                }
            }
            assertEquals(distinct, count, "the catalogue counts each bar once");
        } finally {
            pool.shutdownNow();
        }
    }

    static String jsonBar(String symbol, String date, String open, String high, String low, String close, long volume) {
        return "{\"symbol\":\"" + symbol + "\",\"timeframe\":\"1d\",\"ts\":\"" + date + "T00:00:00Z\",\"open\":" + open
                + ",\"high\":" + high + ",\"low\":" + low + ",\"close\":" + close + ",\"volume\":" + volume + "}";
    }

    /** The raw text of column {@code index} of the file line for {@code row}. */
    private static String raw(String text, TestData.Row row, int index) {
        int start = text.indexOf("\n" + row.date() + ",") + 1;
        int end = text.indexOf('\n', start);
        String line = text.substring(start, end < 0 ? text.length() : end).trim();
        return line.split(",")[index];
    }
}
