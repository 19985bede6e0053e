package dev.tickvault.marketdata;

import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.tickvault.marketdata.ColumnarReaders.assertSameRows;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET /api/v1/bars/{symbol} as an Arrow IPC stream and as Parquet, read back by independent readers (Arrow Java's
 * stream reader, DuckDB's read_parquet) and compared row for row, decimals exact, with the CSV stream of the same
 * range: the whole S&P 500 file, and a generated series of 1m bars over four monthly partitions.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class BarColumnarTest {

    private static final String SP500 = "GSPC.COL";
    private static final String GENERATED = "GEN.COL";
    /** 100,000 minutes from 2024-01-30: into February, March and April, four 1m partitions. */
    private static final int GENERATED_BARS = 100_000;
    private static boolean loaded;

    private static synchronized void ensureLoaded() {
        if (!loaded) {
            TestData.uploadSp500(SP500);
            uploadGenerated();
            loaded = true;
        }
    }

    /**
     * A random walk of 1m bars with a fixed seed: prices with up to 8 decimals, vwap, tradeCount and source present
     * on some bars and absent on others.
     */
    private static void uploadGenerated() {
        Random random = new Random(20240130L);
        Instant start = Instant.parse("2024-01-30T00:00:00Z");
        StringBuilder body = new StringBuilder();
        int inBody = 0;
        for (int i = 0; i < GENERATED_BARS; i++) {
            BigDecimal open = price(random);
            BigDecimal close = price(random);
            BigDecimal high = open.max(close).add(BigDecimal.valueOf(random.nextInt(1_000_000_000), 8));
            BigDecimal low = open.min(close).subtract(BigDecimal.valueOf(random.nextInt(1_000_000), 8));
            body.append("{\"symbol\":\"").append(GENERATED).append("\",\"timeframe\":\"1m\",\"ts\":\"")
                    .append(start.plusSeconds(60L * i)).append("\",\"open\":").append(open.toPlainString())
                    .append(",\"high\":").append(high.toPlainString()).append(",\"low\":").append(low.toPlainString())
                    .append(",\"close\":").append(close.toPlainString()).append(",\"volume\":")
                    .append(random.nextLong(0, 1_000_000_000_000L));
            if (random.nextBoolean()) {
                body.append(",\"vwap\":").append(low.add(high).divide(BigDecimal.valueOf(2)).setScale(8,
                        java.math.RoundingMode.HALF_UP).toPlainString());
            }
            if (random.nextInt(3) > 0) {
                body.append(",\"tradeCount\":").append(random.nextInt(100_000));
            }
            if (random.nextInt(4) == 0) {
                body.append(",\"source\":\"feed-").append(random.nextInt(10)).append('"');
            }
            body.append("}\n");
            if (++inBody == 25_000) {
                post(body.toString(), inBody);
                body.setLength(0);
                inBody = 0;
            }
        }
    }

    private static BigDecimal price(Random random) {
        return BigDecimal.valueOf(random.nextLong(10_000_000_000L, 100_000_000_000L), 8);
    }

    private static void post(String ndjson, int bars) {
        given().contentType("application/x-ndjson").body(ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/api/v1/bars")
                .then().statusCode(200).body("inserted", equalTo(bars));
    }

    private static Response get(String symbol, String timeframe, String accept, String format) {
        var request = given().queryParam("timeframe", timeframe);
        if (accept != null) {
            request.accept(accept);
        }
        if (format != null) {
            request.queryParam("format", format);
        }
        return request.when().get("/api/v1/bars/" + symbol);
    }

    private static void assertFormatsAgree(String symbol, String timeframe, int bars) {
        List<List<String>> csv = ColumnarReaders.csv(get(symbol, timeframe, "text/csv", null).then().statusCode(200)
                .extract().asString());
        assertEquals(bars, csv.size());

        Response arrow = get(symbol, timeframe, BarFormat.ARROW_STREAM, null);
        arrow.then().statusCode(200).contentType(startsWith(BarFormat.ARROW_STREAM));
        List<Integer> batches = new ArrayList<>();
        assertSameRows(csv, ColumnarReaders.arrow(arrow.asByteArray(), batches), symbol + " Arrow");
        assertTrue(batches.size() > 1, "streamed in batches: " + batches.size());
        assertTrue(batches.stream().allMatch(n -> n <= ArrowBars.MAX_BATCH_ROWS), "batches of at most 65,536 rows");

        Response parquet = get(symbol, timeframe, BarFormat.PARQUET_FILE, null);
        parquet.then().statusCode(200).contentType(startsWith(BarFormat.PARQUET_FILE));
        assertSameRows(csv, ColumnarReaders.parquet(parquet.asByteArray()), symbol + " Parquet");
    }

    @Test
    void theSp500FileReadsTheSameInArrowParquetAndCsv() {
        ensureLoaded();
        assertFormatsAgree(SP500, "1d", TestData.sp500().size());
    }

    @Test
    void aGeneratedMinuteSeriesOverSeveralPartitionsReadsTheSameInArrowParquetAndCsv() {
        ensureLoaded();
        assertFormatsAgree(GENERATED, "1m", GENERATED_BARS);
    }

    @Test
    void pricesOnBothSidesOfALongReadTheSameInArrowAndCsv() {
        // The Arrow writer puts a price whose unscaled value fits a long straight into its cell; the others go
        // through BigDecimal. Either way the cell must hold the stored NUMERIC exactly.
        String[][] prices = {{"0.00000001", "92233720368.54775807"}, {"92233720368.54775808", "999999999999.99999999"},
            {"123.45", "123456789012.12345678"}};
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < prices.length; i++) {
            ndjson.append("{\"symbol\":\"WIDE.COL\",\"timeframe\":\"1d\",\"ts\":\"2024-03-0").append(i + 1)
                    .append("T00:00:00Z\",\"open\":").append(prices[i][0]).append(",\"high\":").append(prices[i][1])
                    .append(",\"low\":").append(prices[i][0]).append(",\"close\":").append(prices[i][1])
                    .append(",\"volume\":1,\"vwap\":").append(prices[i][1]).append("}\n");
        }
        post(ndjson.toString(), prices.length);
        List<List<String>> csv = ColumnarReaders.csv(get("WIDE.COL", "1d", "text/csv", null).then().statusCode(200)
                .extract().asString());
        assertEquals(prices.length, csv.size());
        assertTrue(csv.get(1).contains("999999999999.99999999"), csv.get(1).toString());
        assertSameRows(csv, ColumnarReaders.arrow(get("WIDE.COL", "1d", BarFormat.ARROW_STREAM, null).asByteArray(),
                new ArrayList<>()), "WIDE.COL Arrow");
    }

    @Test
    void theFormatParameterStandsForAccept() {
        ensureLoaded();
        byte[] viaHeader = get(SP500, "1d", BarFormat.ARROW_STREAM, null).asByteArray();
        Response arrow = get(SP500, "1d", null, "arrow");
        arrow.then().statusCode(200).contentType(startsWith(BarFormat.ARROW_STREAM));
        assertSameRows(ColumnarReaders.arrow(viaHeader, new ArrayList<>()),
                ColumnarReaders.arrow(arrow.asByteArray(), new ArrayList<>()), "format=arrow");
        get(SP500, "1d", "application/json", "parquet").then().statusCode(200)
                .contentType(startsWith(BarFormat.PARQUET_FILE));
        get(SP500, "1d", null, "csv").then().statusCode(200).contentType(startsWith("text/csv"));
        get(SP500, "1d", null, "ndjson").then().statusCode(200).contentType(startsWith("application/x-ndjson"));
        get(SP500, "1d", null, "xml").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("Query parameter 'format' must be json, csv, ndjson, arrow or parquet"));
    }

    @Test
    void anEmptyRangeIsASchemaAndNoRows() {
        ensureLoaded();
        byte[] body = given().accept(BarFormat.ARROW_STREAM).queryParam("timeframe", "1d")
                .queryParam("from", "1990-01-01").queryParam("to", "1990-02-01")
                .when().get("/api/v1/bars/" + SP500).then().statusCode(200).extract().asByteArray();
        assertEquals(0, ColumnarReaders.arrow(body, new ArrayList<>()).size());
        byte[] parquet = given().accept(BarFormat.PARQUET_FILE).queryParam("timeframe", "1d")
                .queryParam("from", "1990-01-01").queryParam("to", "1990-02-01")
                .when().get("/api/v1/bars/" + SP500).then().statusCode(200).extract().asByteArray();
        assertEquals(0, ColumnarReaders.parquet(parquet).size());
    }
}
