package dev.tickvault.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.tickvault.marketdata.TestData.assertSameValue;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /api/v1/bars/asof}: the newest bar completed by each point (or in progress at it), within a
 * tolerance, checked against the S&P 500 file and generated minute bars read here.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class BarAsOfTest {

    private static final String DAILY = "GSPC.ASOF";
    private static final String MINUTE = "ASOF.M";
    private static boolean loaded;
    /** The generated minute bars' closes by open time: 2016-02-29 23:30 to 2016-03-01 00:30, 00:05-00:14 missing. */
    private static final TreeMap<Instant, String> MINUTES = new TreeMap<>();

    private static synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        TestData.uploadSp500(DAILY);
        StringBuilder csv = new StringBuilder("symbol,timeframe,ts,open,high,low,close,volume\n");
        int i = 0;
        for (Instant t = Instant.parse("2016-02-29T23:30:00Z"); t.isBefore(Instant.parse("2016-03-01T00:30:00Z"));
                t = t.plusSeconds(60), i++) {
            if (!t.isBefore(Instant.parse("2016-03-01T00:05:00Z")) && t.isBefore(Instant.parse("2016-03-01T00:15:00Z"))) {
                continue;
            }
            String close = "10" + "." + (100 + i);
            MINUTES.put(t, close);
            csv.append(MINUTE).append(",1m,").append(t).append(",10,11,9,").append(close).append(",100\n");
        }
        given().contentType("text/csv").body(csv.toString()).when().post("/api/v1/bars").then().statusCode(200);
        loaded = true;
    }

    private static JsonNode asOf(String body) {
        return TestData.json(given().contentType("application/json").body(body)
                .when().post("/api/v1/bars/asof").then().statusCode(200).extract().asString()).get("data");
    }

    private static String points(String... symbolAndTs) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < symbolAndTs.length; i += 2) {
            out.add("{\"symbol\":\"" + symbolAndTs[i] + "\",\"ts\":\"" + symbolAndTs[i + 1] + "\"}");
        }
        return "[" + String.join(",", out) + "]";
    }

    /** The file's newest day whose bar (open at midnight UTC, one day long) satisfies the rule at {@code at}. */
    private static TestData.Row expectedDaily(Instant at, boolean closed, Long toleranceSeconds) {
        TestData.Row best = null;
        for (TestData.Row row : TestData.sp500()) {
            Instant open = Instant.parse(row.ts());
            Instant end = open.plusSeconds(86_400);
            boolean eligible = closed ? !end.isAfter(at) : !open.isAfter(at);
            boolean within = toleranceSeconds == null || !end.isBefore(at.minusSeconds(toleranceSeconds));
            if (eligible && within && (best == null || row.date().isAfter(best.date()))) {
                best = row;
            }
        }
        return best;
    }

    private static void assertDaily(JsonNode answer, Instant at, boolean closed, Long tolerance) {
        TestData.Row row = expectedDaily(at, closed, tolerance);
        String what = at + (closed ? " closed" : " in progress") + (tolerance == null ? "" : " within " + tolerance + "s");
        assertEquals(at, Instant.parse(answer.get("ts").asText()), what + ": the point's time");
        if (row == null) {
            assertTrue(answer.get("bar").isNull(), what + ": no bar, got " + answer.get("bar"));
            return;
        }
        JsonNode bar = answer.get("bar");
        assertEquals(row.ts(), bar.get("ts").asText(), what);
        assertSameValue(row.close(), bar.get("close"), what + " close");
        assertEquals(row.volume(), bar.get("volume").asLong(), what + " volume");
    }

    private static final List<String> DAILY_POINTS = List.of(
            "1999-12-31T00:00:00Z",   // before the first bar
            "2000-01-03T12:00:00Z",   // during the first bar: nothing completed yet
            "2000-01-04T00:00:00Z",   // exactly the end of the first bar
            "2001-09-12T15:00:00Z",   // the closure: the bar of 2001-09-10
            "2001-09-14T12:00:00Z",
            "2008-09-15T23:59:59.999999Z",
            "2008-09-16T00:00:00Z",   // on the boundary: the bar of 09-15 has just closed
            "2012-10-30T16:00:00Z",   // Sandy
            "2020-04-18T00:00:00Z",   // just after the last bar's end
            "2030-01-01T00:00:00Z");

    @Test
    void completedBarsOfTheSp500FileMatchTheFile() {
        ensureLoaded();
        String[] args = DAILY_POINTS.stream().flatMap(p -> java.util.stream.Stream.of(DAILY, p)).toArray(String[]::new);
        for (Long tolerance : java.util.Arrays.asList(null, 0L, 86_400L, 4 * 86_400L)) {
            for (boolean closed : List.of(true, false)) {
                String body = "{\"timeframe\":\"1d\"," + (tolerance == null ? "" : "\"tolerance\":\"PT" + tolerance
                        + "S\",") + "\"closed\":" + closed + ",\"points\":" + points(args) + "}";
                JsonNode data = asOf(body);
                assertEquals(DAILY_POINTS.size(), data.size());
                for (int i = 0; i < DAILY_POINTS.size(); i++) {
                    assertEquals(DAILY, data.get(i).get("symbol").asText());
                    assertDaily(data.get(i), Instant.parse(DAILY_POINTS.get(i)), closed, tolerance);
                }
            }
        }
    }

    @Test
    void handPickedDailyAnswers() {
        ensureLoaded();
        JsonNode data = asOf("{\"timeframe\":\"1d\",\"points\":" + points(DAILY, "2008-09-16T00:00:00Z", DAILY,
                "2008-09-15T23:59:59Z", DAILY, "2000-01-03T23:00:00Z", DAILY, "2001-09-14T20:00:00Z") + "}");
        assertEquals("2008-09-15T00:00:00Z", data.get(0).get("bar").get("ts").asText(), "on the boundary");
        assertEquals("2008-09-12T00:00:00Z", data.get(1).get("bar").get("ts").asText(), "a second before the boundary");
        assertTrue(data.get(2).get("bar").isNull(), "the first bar has not closed");
        assertEquals("2001-09-10T00:00:00Z", data.get(3).get("bar").get("ts").asText(), "across the closure");
        JsonNode tolerant = asOf("{\"timeframe\":\"1d\",\"tolerance\":\"P1D\",\"points\":" + points(DAILY,
                "2001-09-14T20:00:00Z", DAILY, "2001-09-11T20:00:00Z") + "}");
        assertTrue(tolerant.get(0).get("bar").isNull(), "ended 3 days 20 hours before: past the tolerance");
        assertEquals("2001-09-10T00:00:00Z", tolerant.get(1).get("bar").get("ts").asText(), "ended 20 hours before");
        JsonNode open = asOf("{\"timeframe\":\"1d\",\"closed\":false,\"points\":" + points(DAILY,
                "2008-09-15T12:00:00Z") + "}");
        assertEquals("2008-09-15T00:00:00Z", open.get(0).get("bar").get("ts").asText(), "the bar in progress");
    }

    @Test
    void minuteBarsAcrossAPartitionBoundaryAndAHoleInInputOrder() {
        ensureLoaded();
        List<String> times = List.of("2016-03-01T00:00:00Z", "2016-02-29T23:30:59Z", "2016-03-01T00:10:30Z",
                "2016-02-29T23:31:00Z", "2016-03-01T00:00:00Z", "2016-03-01T01:00:00Z", "2016-02-01T00:00:00Z");
        List<String> args = new ArrayList<>();
        for (String t : times) {
            args.add(MINUTE);
            args.add(t);
        }
        args.add("ASOF.NONE");
        args.add("2016-03-01T00:00:00Z");
        for (String tolerance : java.util.Arrays.asList(null, "PT5M", "PT6M")) {
            JsonNode data = asOf("{\"timeframe\":\"1m\"," + (tolerance == null ? "" : "\"tolerance\":\"" + tolerance
                    + "\",") + "\"points\":" + points(args.toArray(String[]::new)) + "}");
            assertEquals(times.size() + 1, data.size());
            for (int i = 0; i < times.size(); i++) {
                Instant at = Instant.parse(times.get(i));
                Long tol = tolerance == null ? null : java.time.Duration.parse(tolerance).getSeconds();
                Map.Entry<Instant, String> expected = null;
                for (Map.Entry<Instant, String> e : MINUTES.entrySet()) {
                    Instant end = e.getKey().plusSeconds(60);
                    if (!end.isAfter(at) && (tol == null || !end.isBefore(at.minusSeconds(tol)))) {
                        expected = e;
                    }
                }
                String what = times.get(i) + " within " + tolerance;
                JsonNode bar = data.get(i).get("bar");
                assertEquals(times.get(i), data.get(i).get("ts").asText(), what);
                if (expected == null) {
                    assertTrue(bar.isNull(), what + ": no bar, got " + bar);
                } else {
                    assertEquals(expected.getKey().toString(), bar.get("ts").asText(), what);
                    assertSameValue(new java.math.BigDecimal(expected.getValue()), bar.get("close"), what);
                    assertEquals("1m", bar.get("timeframe").asText(), what);
                }
            }
            assertTrue(data.get(times.size()).get("bar").isNull(), "a symbol without bars");
        }
    }

    @Test
    void aReadKeyMayLookUp() {
        ensureLoaded();
        String key = given().contentType("application/json").body("{\"name\":\"asof-reader\",\"scopes\":[\"read\"]}")
                .when().post("/api/v1/admin/api-keys").then().statusCode(201).extract().path("key");
        given().header("Authorization", "Bearer " + key).contentType("application/json")
                .body("{\"timeframe\":\"1d\",\"points\":" + points(DAILY, "2008-09-16T00:00:00Z") + "}")
                .when().post("/api/v1/bars/asof").then().statusCode(200)
                .body("data[0].bar.ts", equalTo("2008-09-15T00:00:00Z"));
    }

    @Test
    void badBodiesAreRefused() {
        for (String body : List.of("{\"timeframe\":\"2m\",\"points\":[]}",
                "{\"timeframe\":\"1d\"}",
                "{\"timeframe\":\"1d\",\"tolerance\":\"P1M\",\"points\":[]}",
                "{\"timeframe\":\"1d\",\"tolerance\":\"-PT1M\",\"points\":[]}",
                "{\"timeframe\":\"1d\",\"points\":[{\"symbol\":\"bad symbol\",\"ts\":\"2020-01-01T00:00:00Z\"}]}",
                "{\"timeframe\":\"1d\",\"points\":[{\"symbol\":\"A\",\"ts\":\"2020-01-01\"}]}",
                "{\"timeframe\":\"1d\",\"points\":[1]}")) {
            given().contentType("application/json").body(body).when().post("/api/v1/bars/asof")
                    .then().statusCode(422).contentType("application/problem+json");
        }
        given().contentType("application/json").body("{\"timeframe\":").when().post("/api/v1/bars/asof")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType("application/json").body("{\"timeframe\":\"1d\",\"points\":[{\"symbol\":\"A\",\"ts\":"
                        + "\"2020-01-01T00:00:00Z\"}]}").when().post("/api/v1/bars/asof")
                .then().statusCode(200).body("data[0].bar", org.hamcrest.Matchers.nullValue());
        given().contentType("application/json").body("{\"timeframe\":\"1d\",\"points\":" + points(
                        java.util.stream.IntStream.range(0, 10_001).boxed().flatMap(i -> java.util.stream.Stream.of("A",
                                "2020-01-01T00:00:00Z")).toArray(String[]::new)) + "}")
                .when().post("/api/v1/bars/asof").then().statusCode(413).contentType("application/problem+json");
        JsonNode faults = TestData.json(given().contentType("application/json")
                .body("{\"timeframe\":\"1d\",\"points\":[{\"symbol\":\"A\",\"ts\":\"2020-01-01T00:00:00Z\"},"
                        + "{\"symbol\":\"A\",\"ts\":\"x\"}]}").when().post("/api/v1/bars/asof")
                .then().statusCode(422).extract().asString()).get("errors");
        assertEquals("/points/1/ts", faults.get(0).get("pointer").asText());
    }
}
