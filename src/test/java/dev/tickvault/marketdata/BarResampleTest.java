package dev.tickvault.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.tickvault.marketdata.TestData.assertSameValue;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/v1/bars/{symbol}/resample: weekly buckets of the S&P 500 file against figures computed here. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class BarResampleTest {

    private static final String SYMBOL = "GSPC.RS";
    private static boolean loaded;

    private static synchronized void ensureLoaded() {
        if (!loaded) {
            TestData.uploadSp500(SYMBOL);
            loaded = true;
        }
    }

    /** A weekly bucket computed from the file. */
    private record Week(LocalDate monday, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
            long volume, BigDecimal vwap, long barCount) {
    }

    /** Weeks starting Monday (UTC): first open, max high, min low, last close, summed volume, typical-price VWAP. */
    private static List<Week> expectedWeeks() {
        Map<LocalDate, List<TestData.Row>> byWeek = new LinkedHashMap<>();
        for (TestData.Row row : TestData.sp500()) {
            byWeek.computeIfAbsent(row.date().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                    k -> new ArrayList<>()).add(row);
        }
        List<Week> weeks = new ArrayList<>();
        BigDecimal three = BigDecimal.valueOf(3);
        byWeek.forEach((monday, rows) -> {
            BigDecimal high = rows.get(0).high();
            BigDecimal low = rows.get(0).low();
            long volume = 0;
            BigDecimal weighted = BigDecimal.ZERO;
            for (TestData.Row r : rows) {
                high = high.max(r.high());
                low = low.min(r.low());
                volume += r.volume();
                weighted = weighted.add(r.high().add(r.low()).add(r.close()).multiply(BigDecimal.valueOf(r.volume())));
            }
            // sum(((h+l+c)/3)*v)/sum(v) = sum((h+l+c)*v) / (3*sum(v)), exact up to the final rounding.
            BigDecimal vwap = weighted.divide(three.multiply(BigDecimal.valueOf(volume)), MathContext.DECIMAL128)
                    .setScale(8, RoundingMode.HALF_UP);
            weeks.add(new Week(monday, rows.get(0).open(), high, low, rows.get(rows.size() - 1).close(), volume, vwap,
                    rows.size()));
        });
        return weeks;
    }

    private static JsonNode resample(String bucket) {
        return TestData.json(given().queryParam("timeframe", "1d").queryParam("bucket", bucket)
                .when().get("/api/v1/bars/" + SYMBOL + "/resample")
                .then().statusCode(200).contentType("application/json").extract().asString()).get("data");
    }

    @Test
    void weeklyBucketsMatchFiguresComputedFromTheFile() {
        ensureLoaded();
        List<Week> expected = expectedWeeks();
        JsonNode data = resample("1w");
        assertEquals(expected.size(), data.size(), "number of weeks");
        for (int i = 0; i < expected.size(); i++) {
            Week week = expected.get(i);
            JsonNode bucket = data.get(i);
            String what = "week of " + week.monday();
            assertEquals(SYMBOL, bucket.get("symbol").asText(), what);
            assertEquals("1w", bucket.get("bucket").asText(), what);
            assertEquals(week.monday() + "T00:00:00Z", bucket.get("ts").asText(), what);
            assertSameValue(week.open(), bucket.get("open"), what + " open");
            assertSameValue(week.high(), bucket.get("high"), what + " high");
            assertSameValue(week.low(), bucket.get("low"), what + " low");
            assertSameValue(week.close(), bucket.get("close"), what + " close");
            assertEquals(week.volume(), bucket.get("volume").asLong(), what + " volume");
            assertSameValue(week.vwap(), bucket.get("vwap"), what + " vwap");
            assertEquals(week.barCount(), bucket.get("barCount").asLong(), what + " barCount");
        }
    }

    @Test
    void weekOfSeptember11HoldsOnlyItsMondayBar() {
        ensureLoaded();
        // Checked by hand: the NYSE was closed 2001-09-11..14, so that week has the Monday bar only.
        TestData.Row monday = TestData.sp500().stream()
                .filter(r -> r.date().equals(LocalDate.of(2001, 9, 10))).findFirst().orElseThrow();
        JsonNode week = null;
        for (JsonNode bucket : resample("1w")) {
            if (bucket.get("ts").asText().equals("2001-09-10T00:00:00Z")) {
                week = bucket;
            }
        }
        assertTrue(week != null, "the week of 2001-09-10 is present");
        assertEquals(1, week.get("barCount").asLong());
        assertSameValue(monday.open(), week.get("open"), "open");
        assertSameValue(monday.close(), week.get("close"), "close");
        assertEquals(monday.volume(), week.get("volume").asLong());
        BigDecimal typical = monday.high().add(monday.low()).add(monday.close())
                .divide(BigDecimal.valueOf(3), 8, RoundingMode.HALF_UP);
        assertSameValue(typical, week.get("vwap"), "vwap of one bar is its typical price");
    }

    @Test
    void isoDurationOfSevenDaysGivesTheSameBucketsAsOneWeek() {
        ensureLoaded();
        JsonNode weekly = resample("1w");
        JsonNode p7d = resample("P7D");
        assertEquals(weekly.size(), p7d.size());
        for (int i = 0; i < weekly.size(); i++) {
            for (String field : List.of("symbol", "ts", "open", "high", "low", "close", "volume", "vwap", "barCount")) {
                assertEquals(weekly.get(i).get(field), p7d.get(i).get(field), field + " of bucket " + i);
            }
        }
    }

    @Test
    void fromAndToFilterTheSourceBars() {
        ensureLoaded();
        // [2008-01-01, 2008-02-01): the first bucket is the week of Monday 2007-12-31, holding 2008-01-02..04 only.
        List<TestData.Row> january = TestData.sp500().stream()
                .filter(r -> r.date().getYear() == 2008 && r.date().getMonthValue() == 1).toList();
        JsonNode data = TestData.json(given().queryParam("timeframe", "1d").queryParam("bucket", "1w")
                .queryParam("from", "2008-01-01").queryParam("to", "2008-02-01")
                .when().get("/api/v1/bars/" + SYMBOL + "/resample")
                .then().statusCode(200).extract().asString()).get("data");
        long bars = 0;
        for (JsonNode bucket : data) {
            bars += bucket.get("barCount").asLong();
        }
        assertEquals(january.size(), bars);
        assertEquals("2007-12-31T00:00:00Z", data.get(0).get("ts").asText());
        assertSameValue(january.get(0).open(), data.get(0).get("open"), "first open of 2008");
        assertSameValue(january.get(january.size() - 1).close(), data.get(data.size() - 1).get("close"),
                "last close of January 2008");
    }

    @Test
    void weeksWithoutVolumeHaveNoVwapAndKeepTheirPrices() throws Exception {
        // The VIX sample has no volume: bars are sent with volume 0, as the quick start loads them.
        JsonNode rows;
        try (var in = Thread.currentThread().getContextClassLoader().getResourceAsStream("sample-data/ohlc.json")) {
            rows = TestData.json(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        StringBuilder body = new StringBuilder("[");
        Map<LocalDate, List<JsonNode>> byWeek = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            LocalDate date = LocalDate.parse(row.get("date").asText());
            byWeek.computeIfAbsent(date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                    k -> new ArrayList<>()).add(row);
            if (body.length() > 1) {
                body.append(',');
            }
            body.append("{\"symbol\":\"VIX.RS\",\"timeframe\":\"1d\",\"ts\":\"").append(date)
                    .append("T00:00:00Z\",\"open\":").append(row.get("open").decimalValue().toPlainString())
                    .append(",\"high\":").append(row.get("high").decimalValue().toPlainString())
                    .append(",\"low\":").append(row.get("low").decimalValue().toPlainString())
                    .append(",\"close\":").append(row.get("close").decimalValue().toPlainString())
                    .append(",\"volume\":0}");
        }
        given().contentType("application/json").body(body.append(']').toString())
                .when().post("/api/v1/bars")
                .then().statusCode(200).body("inserted", equalTo(rows.size()));

        JsonNode data = TestData.json(given().queryParam("timeframe", "1d").queryParam("bucket", "1w")
                .when().get("/api/v1/bars/VIX.RS/resample")
                .then().statusCode(200).extract().asString()).get("data");
        assertEquals(byWeek.size(), data.size());
        int i = 0;
        for (Map.Entry<LocalDate, List<JsonNode>> week : byWeek.entrySet()) {
            List<JsonNode> days = week.getValue();
            JsonNode bucket = data.get(i++);
            String what = "week of " + week.getKey();
            assertEquals(week.getKey() + "T00:00:00Z", bucket.get("ts").asText(), what);
            assertSameValue(days.get(0).get("open").decimalValue(), bucket.get("open"), what + " open");
            assertSameValue(days.stream().map(d -> d.get("high").decimalValue()).reduce(BigDecimal::max).orElseThrow(),
                    bucket.get("high"), what + " high");
            assertSameValue(days.stream().map(d -> d.get("low").decimalValue()).reduce(BigDecimal::min).orElseThrow(),
                    bucket.get("low"), what + " low");
            assertSameValue(days.get(days.size() - 1).get("close").decimalValue(), bucket.get("close"), what + " close");
            assertEquals(0, bucket.get("volume").asLong(), what);
            assertTrue(bucket.has("vwap") && bucket.get("vwap").isNull(), what + ": no volume, no vwap");
            assertEquals(days.size(), bucket.get("barCount").asLong(), what);
        }
    }

    @Test
    void monthlyIsoDurationIsABadRequest() {
        given().queryParam("timeframe", "1d").queryParam("bucket", "P1M")
                .when().get("/api/v1/bars/" + SYMBOL + "/resample")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", notNullValue())
                .body("detail", notNullValue());
    }

    @Test
    void bucketNotWiderThanTheSourceTimeframeIsABadRequest() {
        for (String bucket : List.of("1d", "1h", "PT12H", "nonsense")) {
            given().queryParam("timeframe", "1d").queryParam("bucket", bucket)
                    .when().get("/api/v1/bars/" + SYMBOL + "/resample")
                    .then().statusCode(400)
                    .contentType("application/problem+json");
        }
        given().queryParam("timeframe", "1d")
                .when().get("/api/v1/bars/" + SYMBOL + "/resample")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }
}
