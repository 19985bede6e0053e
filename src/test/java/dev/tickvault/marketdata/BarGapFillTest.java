package dev.tickvault.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.tickvault.marketdata.TestData.assertSameValue;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fill} on resample over the S&P 500 file's market closures (2001-09-11..14, 2012-10-29..30), every fill,
 * against the values of the file read here.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class BarGapFillTest {

    private static final String SYMBOL = "GSPC.FILL";
    private static boolean loaded;

    private static synchronized void ensureLoaded() {
        if (!loaded) {
            TestData.uploadSp500(SYMBOL);
            loaded = true;
        }
    }

    private static final Map<LocalDate, TestData.Row> DAYS = TestData.sp500().stream()
            .collect(Collectors.toMap(TestData.Row::date, r -> r));

    private static BigDecimal close(String day) {
        return DAYS.get(LocalDate.parse(day)).close();
    }

    private static JsonNode resample(String bucket, String from, String to, String fill, String calendar) {
        var request = given().queryParam("timeframe", "1d").queryParam("bucket", bucket);
        if (from != null) {
            request.queryParam("from", from).queryParam("to", to);
        }
        if (fill != null) {
            request.queryParam("fill", fill);
        }
        if (calendar != null) {
            request.queryParam("calendar", calendar);
        }
        return TestData.json(request.when().get("/api/v1/bars/" + SYMBOL + "/resample")
                .then().statusCode(200).extract().asString()).get("data");
    }

    private static List<String> days(JsonNode data) {
        return java.util.stream.StreamSupport.stream(data.spliterator(), false)
                .map(b -> b.get("ts").asText().substring(0, 10)).toList();
    }

    private static void assertReal(JsonNode bucket, String day) {
        TestData.Row row = DAYS.get(LocalDate.parse(day));
        assertEquals(day + "T00:00:00Z", bucket.get("ts").asText());
        assertFalse(bucket.get("filled").asBoolean(), day + " has its bar");
        assertSameValue(row.open(), bucket.get("open"), day + " open");
        assertSameValue(row.close(), bucket.get("close"), day + " close");
        assertEquals(row.volume(), bucket.get("volume").asLong(), day + " volume");
        assertEquals(1, bucket.get("barCount").asLong());
    }

    private static void assertFilled(JsonNode bucket, String day, BigDecimal price) {
        assertEquals(day + "T00:00:00Z", bucket.get("ts").asText());
        assertTrue(bucket.get("filled").asBoolean(), day + " is filled");
        assertEquals(0, bucket.get("volume").asLong(), day + " volume");
        assertEquals(0, bucket.get("barCount").asLong(), day + " barCount");
        assertTrue(bucket.get("vwap").isNull(), day + " vwap");
        for (String field : List.of("open", "high", "low", "close")) {
            if (price == null) {
                assertTrue(bucket.get(field).isNull(), day + " " + field + " is null");
            } else {
                assertSameValue(price, bucket.get(field), day + " " + field);
            }
        }
    }

    /** c0 + (c1 - c0) * k / n, rounded half-up to 8 decimals. */
    private static BigDecimal between(BigDecimal c0, BigDecimal c1, int k, int n) {
        return c0.add(c1.subtract(c0).multiply(BigDecimal.valueOf(k)).divide(BigDecimal.valueOf(n), 8,
                RoundingMode.HALF_UP));
    }

    @Test
    void september2001EveryFill() {
        ensureLoaded();
        String from = "2001-09-10";
        String to = "2001-09-18";
        JsonNode none = resample("1w", from, to, null, null);
        assertFalse(none.get(0).has("filled"), "no fill, no filled field");
        assertEquals(List.of("2001-09-10", "2001-09-17"), days(none), "weeks of 09-10 and 09-17");
        for (String fill : List.of("null", "prev", "linear")) {
            JsonNode data = resample("1d", from, to, fill, null);
            assertEquals(List.of("2001-09-10", "2001-09-11", "2001-09-12", "2001-09-13", "2001-09-14", "2001-09-17"),
                    days(data), fill + ": every weekday, the weekend left out");
            assertReal(data.get(0), "2001-09-10");
            assertReal(data.get(5), "2001-09-17");
            for (int k = 1; k <= 4; k++) {
                BigDecimal price = switch (fill) {
                    case "prev" -> close("2001-09-10");
                    case "linear" -> between(close("2001-09-10"), close("2001-09-17"), k, 7);
                    default -> null;
                };
                assertFilled(data.get(k), "2001-09-1" + k, price);
            }
        }
    }

    @Test
    void theClosureAloneIsFilledFromTheBarBeforeItWithPrev() {
        ensureLoaded();
        // No bar in [09-11, 09-15): prev is seeded from 2001-09-10, the first bucket included; linear has no
        // neighbours on either side, so every bucket stays empty.
        JsonNode prev = resample("1d", "2001-09-11", "2001-09-15", "prev", null);
        JsonNode linear = resample("1d", "2001-09-11", "2001-09-15", "linear", null);
        JsonNode nulls = resample("1d", "2001-09-11", "2001-09-15", "null", null);
        for (int k = 0; k < 4; k++) {
            String day = "2001-09-1" + (k + 1);
            assertFilled(prev.get(k), day, close("2001-09-10"));
            assertFilled(linear.get(k), day, null);
            assertFilled(nulls.get(k), day, null);
        }
        assertEquals(4, prev.size());
        assertEquals(0, resample("P2D", "2001-09-11", "2001-09-15", "none", null).size(), "no fill, no bucket");
    }

    @Test
    void sandyEveryFillBothCalendars() {
        ensureLoaded();
        String from = "2012-10-26";
        String to = "2012-11-01";
        for (String fill : List.of("null", "prev", "linear")) {
            JsonNode data = resample("1d", from, to, fill, "weekdays");
            assertEquals(List.of("2012-10-26", "2012-10-29", "2012-10-30", "2012-10-31"), days(data), fill);
            assertReal(data.get(0), "2012-10-26");
            assertReal(data.get(3), "2012-10-31");
            for (int k = 1; k <= 2; k++) {
                String day = "2012-10-" + (28 + k);
                BigDecimal price = switch (fill) {
                    case "prev" -> close("2012-10-26");
                    case "linear" -> between(close("2012-10-26"), close("2012-10-31"), 2 + k, 5);
                    default -> null;
                };
                assertFilled(data.get(k), day, price);
            }
            JsonNode all = resample("1d", from, to, fill, "all");
            assertEquals(List.of("2012-10-26", "2012-10-27", "2012-10-28", "2012-10-29", "2012-10-30", "2012-10-31"),
                    days(all), fill + " with calendar=all");
            for (int k = 1; k <= 4; k++) {
                String day = "2012-10-" + (26 + k);
                BigDecimal price = switch (fill) {
                    case "prev" -> close("2012-10-26");
                    case "linear" -> between(close("2012-10-26"), close("2012-10-31"), k, 5);
                    default -> null;
                };
                assertFilled(all.get(k), day, price);
            }
        }
    }

    @Test
    void weeklyBucketsOfTheRangeAreAllThere() {
        ensureLoaded();
        // Weeks of 2012-10-22 .. 2012-11-05: none is empty, so a fill only adds "filled": false.
        JsonNode none = resample("1w", "2012-10-22", "2012-11-12", "none", null);
        JsonNode prev = resample("1w", "2012-10-22", "2012-11-12", "prev", null);
        assertEquals(none.size(), prev.size());
        for (int i = 0; i < none.size(); i++) {
            for (String field : List.of("ts", "open", "high", "low", "close", "volume", "vwap", "barCount")) {
                assertEquals(none.get(i).get(field), prev.get(i).get(field), field);
            }
            assertFalse(prev.get(i).get("filled").asBoolean());
        }
    }

    @Test
    void badFillCalendarOrRangeIsABadRequest() {
        ensureLoaded();
        for (Map<String, String> query : List.of(
                Map.of("bucket", "1d", "fill", "zero"),
                Map.of("bucket", "1d"),
                Map.of("bucket", "1w", "fill", "null", "calendar", "weekdays"),
                Map.of("bucket", "1d", "fill", "null", "calendar", "moon"),
                Map.of("bucket", "1w", "fill", "null", "from", "0001-01-01", "to", "9999-01-01"))) {
            given().queryParam("timeframe", "1d").queryParams(query)
                    .when().get("/api/v1/bars/" + SYMBOL + "/resample")
                    .then().statusCode(400).contentType("application/problem+json");
        }
    }

    @Test
    void withoutBoundsTheSeriesBoundsTheFill() {
        ensureLoaded();
        JsonNode data = resample("1w", null, null, "null", null);
        JsonNode none = resample("1w", null, null, null, null);
        assertEquals(none.size(), data.size(), "the file has a bar every week");
        assertEquals("2000-01-03T00:00:00Z", data.get(0).get("ts").asText());
    }
}
