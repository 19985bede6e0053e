package dev.tickvault.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Adjusted prices on the real record: AAPL's monthly closes 2000-2010 of {@code stocks.csv}, un-adjusted by the
 * splits of {@code corporate-actions.csv} (the data README's way), uploaded raw, and read back adjusted in every
 * read; a cash dividend; a Yahoo CSV's {@code Adj Close} kept.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class BarAdjustmentTest {

    private static final LocalDate FIRST_SPLIT = LocalDate.parse("2000-06-21");
    private static final LocalDate SECOND_SPLIT = LocalDate.parse("2005-02-28");
    private static final DateTimeFormatter STOCKS_DATE = DateTimeFormatter.ofPattern("MMM d yyyy", Locale.ENGLISH);

    private static String resource(String name) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("sample-data/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** AAPL's monthly closes of {@code stocks.csv} (split-adjusted as of 2010), by date. */
    private static Map<LocalDate, BigDecimal> aapl() {
        Map<LocalDate, BigDecimal> out = new LinkedHashMap<>();
        for (String line : resource("stocks.csv").split("\n")) {
            String[] f = line.split(",");
            if (f[0].equals("AAPL")) {
                out.put(LocalDate.parse(f[1], STOCKS_DATE), new BigDecimal(f[2]));
            }
        }
        return out;
    }

    /** The splits up to 2010 a close of {@code date} is multiplied by to be the raw close: 4, 2 or 1. */
    private static int splitsAfter(LocalDate date) {
        return date.isBefore(FIRST_SPLIT) ? 4 : date.isBefore(SECOND_SPLIT) ? 2 : 1;
    }

    /** Uploads AAPL's raw monthly closes as 1d bars (one a month, volume 1000 shares) under {@code symbol}. */
    private static void uploadRawAapl(String symbol) {
        StringBuilder json = new StringBuilder("[");
        aapl().forEach((date, price) -> {
            BigDecimal raw = price.multiply(BigDecimal.valueOf(splitsAfter(date)));
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("{\"symbol\":\"").append(symbol).append("\",\"timeframe\":\"1d\",\"ts\":\"").append(date)
                    .append("T00:00:00Z\",\"open\":").append(raw).append(",\"high\":").append(raw).append(",\"low\":")
                    .append(raw).append(",\"close\":").append(raw).append(",\"vwap\":").append(raw)
                    .append(",\"volume\":1000}");
        });
        given().contentType("application/json").body(json.append(']').toString()).when().post("/api/v1/bars")
                .then().statusCode(200).body("inserted", equalTo(123));
    }

    /** The AAPL rows of {@code corporate-actions.csv} up to {@code until}, renamed {@code symbol}, posted as CSV. */
    private static void postAaplSplits(String symbol, LocalDate until) {
        StringBuilder csv = new StringBuilder();
        for (String line : resource("corporate-actions.csv").split("\n")) {
            if (line.startsWith("symbol,")) {
                csv.append(line).append('\n');
            } else if (line.startsWith("AAPL,") && !LocalDate.parse(line.split(",")[1]).isAfter(until)) {
                csv.append(symbol).append(line.substring(4)).append('\n');
            }
        }
        given().contentType("text/csv").body(csv.toString().getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/corporate-actions").then().statusCode(200);
    }

    private static List<JsonNode> page(String symbol, String adjustment) {
        String body = given().queryParam("timeframe", "1d").queryParam("limit", 1000).queryParam("adjustment", adjustment)
                .when().get("/api/v1/bars/" + symbol).then().statusCode(200).extract().asString();
        List<JsonNode> out = new ArrayList<>();
        TestData.json(body).get("data").forEach(out::add);
        return out;
    }

    private static List<JsonNode> ndjson(String symbol, String adjustment) {
        String body = given().accept("application/x-ndjson").queryParam("timeframe", "1d")
                .queryParam("adjustment", adjustment).when().get("/api/v1/bars/" + symbol)
                .then().statusCode(200).extract().asString();
        List<JsonNode> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            out.add(TestData.json(line));
        }
        return out;
    }

    @Test
    void aaplSplitAdjustedIsStocksCsvInEveryRead() {
        String symbol = "AAPL.ADJ1";
        uploadRawAapl(symbol);
        postAaplSplits(symbol, SECOND_SPLIT);
        Map<LocalDate, BigDecimal> expected = aapl();
        List<LocalDate> dates = new ArrayList<>(expected.keySet());

        List<JsonNode> raw = page(symbol, "raw");
        List<JsonNode> split = page(symbol, "split");
        List<JsonNode> streamed = ndjson(symbol, "split");
        assertEquals(123, split.size());
        assertEquals(123, streamed.size());
        for (int i = 0; i < dates.size(); i++) {
            LocalDate date = dates.get(i);
            BigDecimal close = expected.get(date);
            int factor = splitsAfter(date);
            TestData.assertSameValue(close.multiply(BigDecimal.valueOf(factor)), raw.get(i).get("close"), date + " raw");
            assertEquals(date + "T00:00:00Z", split.get(i).get("ts").asText());
            for (String price : new String[] {"open", "high", "low", "close", "vwap"}) {
                TestData.assertSameValue(close, split.get(i).get(price), date + " split " + price);
                TestData.assertSameValue(close, streamed.get(i).get(price), date + " streamed " + price);
            }
            assertEquals(1000L * factor, split.get(i).get("volume").asLong(), date + " volume");
            assertEquals(1000L * factor, streamed.get(i).get("volume").asLong(), date + " streamed volume");
        }

        // CSV stream: the close column.
        String csv = given().accept("text/csv").queryParam("timeframe", "1d").queryParam("adjustment", "split")
                .when().get("/api/v1/bars/" + symbol).then().statusCode(200).extract().asString();
        String[] lines = csv.split("\n");
        assertEquals(124, lines.length);
        for (int i = 0; i < dates.size(); i++) {
            TestData.assertSameValue(expected.get(dates.get(i)), new BigDecimal(lines[i + 1].split(",")[6]),
                    dates.get(i) + " csv");
        }

        // Latest, latest of many, resample and a page from a cursor read adjusted too.
        JsonNode latest = TestData.json(given().queryParam("timeframe", "1d").queryParam("adjustment", "split")
                .when().get("/api/v1/bars/" + symbol + "/latest").then().statusCode(200).extract().asString());
        TestData.assertSameValue(new BigDecimal("223.02"), latest.get("close"), "latest");
        JsonNode many = TestData.json(given().queryParam("timeframe", "1d").queryParam("adjustment", "split")
                .queryParam("symbols", symbol).when().get("/api/v1/bars/latest").then().statusCode(200).extract().asString());
        TestData.assertSameValue(new BigDecimal("223.02"), many.get("data").get(0).get("close"), "latest-many");
        JsonNode weeks = TestData.json(given().queryParam("timeframe", "1d").queryParam("bucket", "1w")
                .queryParam("adjustment", "split").queryParam("to", "2000-12-31")
                .when().get("/api/v1/bars/" + symbol + "/resample").then().statusCode(200).extract().asString());
        TestData.assertSameValue(expected.get(LocalDate.parse("2000-01-01")), weeks.get("data").get(0).get("close"),
                "resampled January 2000");
        assertEquals(4000, weeks.get("data").get(0).get("volume").asLong());
        String cursor = TestData.json(given().queryParam("timeframe", "1d").queryParam("limit", 5)
                .queryParam("adjustment", "split").when().get("/api/v1/bars/" + symbol).then().extract().asString())
                .get("nextCursor").asText();
        JsonNode next = TestData.json(given().queryParam("timeframe", "1d").queryParam("limit", 5)
                .queryParam("adjustment", "split").queryParam("cursor", cursor).when().get("/api/v1/bars/" + symbol)
                .then().statusCode(200).extract().asString());
        TestData.assertSameValue(expected.get(dates.get(5)), next.get("data").get(0).get("close"), "second page");
    }

    @Test
    void withEveryAaplSplitPricesAre28TimesLowerAsAVendorShowsThemToday() {
        String symbol = "AAPL.ADJ2";
        uploadRawAapl(symbol);
        postAaplSplits(symbol, LocalDate.parse("2099-01-01"));
        Map<LocalDate, BigDecimal> expected = aapl();
        List<LocalDate> dates = new ArrayList<>(expected.keySet());
        List<JsonNode> all = page(symbol, "all");
        for (int i = 0; i < dates.size(); i++) {
            BigDecimal close = expected.get(dates.get(i)).divide(BigDecimal.valueOf(28), 8, RoundingMode.HALF_UP);
            TestData.assertSameValue(close, all.get(i).get("close"), dates.get(i) + " all");
            assertEquals(1000L * splitsAfter(dates.get(i)) * 28, all.get(i).get("volume").asLong());
        }
    }

    @Test
    void aCashDividendScalesEarlierPricesByOneMinusAmountOverThePreviousClose() {
        String symbol = "MSFT.ADJ3";
        String[][] days = {{"2004-11-10", "30"}, {"2004-11-11", "29.5"}, {"2004-11-12", "29"}, {"2004-11-15", "27.4"}};
        StringBuilder json = new StringBuilder("[");
        for (String[] day : days) {
            json.append(json.length() > 1 ? "," : "").append("{\"symbol\":\"").append(symbol)
                    .append("\",\"timeframe\":\"1d\",\"ts\":\"").append(day[0]).append("T00:00:00Z\",\"open\":")
                    .append(day[1]).append(",\"high\":").append(day[1]).append(",\"low\":").append(day[1])
                    .append(",\"close\":").append(day[1]).append(",\"volume\":500}");
        }
        given().contentType("application/json").body(json.append(']').toString()).when().post("/api/v1/bars")
                .then().statusCode(200);
        given().contentType("application/json")
                .body("{\"symbol\":\"" + symbol + "\",\"exDate\":\"2004-11-15\",\"type\":\"dividend\",\"amount\":3}")
                .when().post("/api/v1/corporate-actions").then().statusCode(200);

        BigDecimal factor = BigDecimal.ONE.subtract(new BigDecimal("3").divide(new BigDecimal("29"), 20,
                RoundingMode.HALF_UP));
        List<JsonNode> all = page(symbol, "all");
        List<JsonNode> split = page(symbol, "split");
        for (int i = 0; i < days.length; i++) {
            BigDecimal raw = new BigDecimal(days[i][1]);
            BigDecimal adjusted = i < 3 ? raw.multiply(factor).setScale(8, RoundingMode.HALF_UP) : raw;
            TestData.assertSameValue(adjusted, all.get(i).get("close"), days[i][0] + " all");
            TestData.assertSameValue(raw, split.get(i).get("close"), days[i][0] + " split");
            assertEquals(500, all.get(i).get("volume").asLong(), "a dividend leaves volume alone");
        }
    }

    @Test
    void keepsAYahooCsvsAdjCloseAndCountsAChangeOfItAsAnUpdate() {
        TestData.uploadSp500("ADJ.GSPC");
        List<TestData.Row> rows = TestData.sp500();
        List<JsonNode> bars = page("ADJ.GSPC", null);
        for (int i = 0; i < bars.size(); i++) {
            TestData.assertSameValue(rows.get(i).adjClose(), bars.get(i).get("adjClose"), rows.get(i).date() + " adjClose");
        }
        TestData.Row last = rows.get(rows.size() - 1);
        String csv = "Date,Open,High,Low,Close,Adj Close,Volume\n" + last.date() + "," + last.open() + "," + last.high()
                + "," + last.low() + "," + last.close() + ",%s," + last.volume() + "\n";
        given().contentType("text/csv").queryParam("symbol", "ADJ.GSPC").queryParam("timeframe", "1d")
                .body(csv.formatted("1000.5").getBytes(StandardCharsets.UTF_8)).when().post("/api/v1/bars")
                .then().statusCode(200).body("updated", equalTo(1)).body("unchanged", equalTo(0));
        given().contentType("text/csv").queryParam("symbol", "ADJ.GSPC").queryParam("timeframe", "1d")
                .body(csv.formatted("1000.5").getBytes(StandardCharsets.UTF_8)).when().post("/api/v1/bars")
                .then().statusCode(200).body("updated", equalTo(0)).body("unchanged", equalTo(1));
        given().queryParam("timeframe", "1d").when().get("/api/v1/bars/ADJ.GSPC/latest")
                .then().statusCode(200).body("adjClose", equalTo(1000.5f));
        given().queryParam("timeframe", "1d").queryParam("adjustment", "dividends").when().get("/api/v1/bars/ADJ.GSPC")
                .then().statusCode(400);
    }
}
