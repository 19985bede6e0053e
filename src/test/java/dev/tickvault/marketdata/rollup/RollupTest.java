package dev.tickvault.marketdata.rollup;

import dev.tickvault.marketdata.TestData;
import dev.tickvault.support.Eventually;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rollups: declared, refreshed incrementally, and read by resample with the same whole answer as the bars alone
 * ({@code rollup=off}), on generated 1m bars and the S&P 500 file, before and after late, corrected and deleted
 * bars arrive, and while the refresh job runs (every 0.5 s in the test profile).
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class RollupTest {

    private static final String ADMIN = "/api/v1/admin/rollups/";
    private static final String HEADER = "symbol,timeframe,ts,open,high,low,close,volume,vwap\n";

    @Inject
    Pool pool;

    /** Each test declares the rollups it reads; other test classes write bars without them. */
    @AfterEach
    void removeRollups() {
        for (String rollup : List.of("1m/1h", "1d/1w", "1m/1d", "4h/1d")) {
            given().when().delete(ADMIN + rollup).then().statusCode(anyOf(equalTo(204), equalTo(404)));
        }
    }

    /** 1m bars of {@code symbol} from {@code start} for {@code minutes}, every 7th minute missing, prices varied. */
    private static String minuteBars(String symbol, Instant start, int minutes, int seed) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < minutes; i++) {
            if (i % 7 != 3) {
                csv.append(bar(symbol, start.plusSeconds(60L * i), i, seed));
            }
        }
        return csv.toString();
    }

    /** One CSV line: prices from {@code i} and {@code seed}, some bars without vwap, some without volume. */
    private static String bar(String symbol, Instant ts, int i, int seed) {
        long x = (i * 7919L + seed * 104729L) % 1000;
        String open = "100." + String.format("%03d", x);
        String close = "100." + String.format("%03d", (x * 31 + 7) % 1000);
        String low = "99." + String.format("%03d", (x * 17) % 1000);
        String high = "101." + String.format("%03d", (x * 13) % 1000);
        String vwap = i % 5 == 0 ? "" : "100.5";
        return symbol + ",1m," + ts + "," + open + "," + high + "," + low + "," + close + ","
                + (i % 11 == 0 ? 0 : x * 3 + 1) + "," + vwap + "\n";
    }

    private static void post(String csv) {
        given().contentType("text/csv").body(csv).when().post("/api/v1/bars").then().statusCode(200);
    }

    private static String resample(String symbol, String tf, String bucket, Map<String, String> range, String rollup) {
        Response response = given().queryParam("timeframe", tf).queryParam("bucket", bucket).queryParams(range)
                .queryParam("rollup", rollup).when().get("/api/v1/bars/" + symbol + "/resample");
        response.then().statusCode(200);
        return response.asString();
    }

    /** The whole answer with the rollup is the whole answer from the bars alone, for each range. */
    private static void assertSameAnswers(String symbol, String tf, String bucket, List<Map<String, String>> ranges,
            String when) {
        for (Map<String, String> range : ranges) {
            String raw = resample(symbol, tf, bucket, range, "off");
            assertTrue(raw.contains("\"barCount\""), "the range has buckets: " + range);
            assertEquals(raw, resample(symbol, tf, bucket, range, "auto"), when + ", " + range);
        }
    }

    private long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next().getLong(0);
    }

    private long rollupRows(String source, String bucket, String symbol) {
        return count("SELECT count(*) FROM market_data.rollup_bars WHERE source = $1 AND bucket = $2 AND symbol = $3",
                source, bucket, symbol);
    }

    private static void awaitCaughtUp(String rollup) {
        Eventually.await("rollup " + rollup + " caught up", Duration.ofSeconds(90), Duration.ofMillis(200), () -> {
            var view = given().when().get(ADMIN + rollup).then().statusCode(200).extract().jsonPath();
            return view.getString("watermark") != null && view.getLong("pendingBuckets") == 0
                    && Instant.parse(view.getString("watermark")).isAfter(Instant.now().minus(Duration.ofDays(8)));
        });
    }

    private static void declare(String rollup) {
        given().when().put(ADMIN + rollup).then().statusCode(anyOf(equalTo(201), equalTo(200)))
                .body("source", equalTo(rollup.substring(0, rollup.indexOf('/'))));
    }

    private static final List<Map<String, String>> MINUTE_RANGES = List.of(
            Map.of("from", "2016-05-02T00:00:00Z", "to", "2016-05-05T00:00:00Z"),
            Map.of("from", "2016-05-02T10:17:00Z", "to", "2016-05-04T13:45:30Z"),
            Map.of("from", "2016-05-03T05:00:00Z"),
            Map.of("to", "2016-05-03T05:30:00Z"),
            Map.of("from", "2016-05-03T05:10:00Z", "to", "2016-05-03T06:50:00Z"));

    @Test
    void minuteBarsResampleTheSameWithAndWithoutTheRollupAsLateAndCorrectedBarsArrive() {
        String symbol = "RU.GEN";
        Instant start = Instant.parse("2016-05-02T00:00:00Z");
        post(minuteBars(symbol, start, 3 * 1440, 1));
        declare("1m/1h");
        awaitCaughtUp("1m/1h");
        assertTrue(rollupRows("1m", "1h", symbol) >= 70, "the rollup holds the symbol's hours");
        assertSameAnswers(symbol, "1m", "1h", MINUTE_RANGES, "after the first refresh");
        assertSameAnswers(symbol, "1m", "PT1H", MINUTE_RANGES, "PT1H is the 1h rollup's width");

        // Late bars (the missing minutes of the first day), corrected ones and a deleted hour, checked at once (the
        // job has not run yet or is running) and again once it has caught up.
        StringBuilder late = new StringBuilder(HEADER);
        for (int i = 3; i < 1440; i += 7) {
            late.append(bar(symbol, start.plusSeconds(60L * i), i, 2));
        }
        for (int i = 1440; i < 1500; i++) {
            if (i % 7 != 3) {
                late.append(bar(symbol, start.plusSeconds(60L * i), i, 3));
            }
        }
        post(late.toString());
        assertSameAnswers(symbol, "1m", "1h", MINUTE_RANGES, "right after late and corrected bars");
        given().queryParam("timeframe", "1m").queryParam("from", "2016-05-03T05:00:00Z")
                .queryParam("to", "2016-05-03T06:00:00Z").when().delete("/api/v1/bars/" + symbol)
                .then().statusCode(200);
        assertSameAnswers(symbol, "1m", "1h", MINUTE_RANGES, "right after a deleted hour");
        awaitCaughtUp("1m/1h");
        assertSameAnswers(symbol, "1m", "1h", MINUTE_RANGES, "once the job has re-aggregated them");
        assertEquals(0, count("SELECT count(*) FROM market_data.rollup_bars WHERE source = '1m' AND bucket = '1h'"
                + " AND symbol = $1 AND ts = '2016-05-03T05:00:00Z'", symbol), "the deleted hour left the rollup");
        assertEquals(1, count("SELECT count(*) FROM market_data.rollup_bars WHERE source = '1m' AND bucket = '1h'"
                + " AND symbol = $1 AND ts = '2016-05-02T00:00:00Z' AND bar_count = 60", symbol),
                "the late minutes are in their hour");
    }

    @Test
    void answersStayTheSameWhileTheJobRuns() {
        String symbol = "RU.LIVE";
        Instant start = Instant.parse("2016-06-01T00:00:00Z");
        post(minuteBars(symbol, start, 2 * 1440, 4));
        declare("1m/1h");
        awaitCaughtUp("1m/1h");
        List<Map<String, String>> ranges = List.of(Map.of("from", "2016-06-01T00:00:00Z", "to", "2016-06-03T00:00:00Z"),
                Map.of("from", "2016-06-01T07:30:00Z", "to", "2016-06-02T19:15:00Z"));
        for (int round = 0; round < 12; round++) {
            StringBuilder batch = new StringBuilder(HEADER);
            for (int i = round * 97 % 131; i < 2880; i += 131) {
                batch.append(bar(symbol, start.plusSeconds(60L * i), i, 10 + round));
            }
            post(batch.toString());
            assertSameAnswers(symbol, "1m", "1h", ranges, "round " + round);
        }
        awaitCaughtUp("1m/1h");
        assertSameAnswers(symbol, "1m", "1h", ranges, "after the rounds");
    }

    @Test
    void theSp500FileResamplesTheSameWithAWeeklyRollup() {
        String symbol = "GSPC.RU";
        TestData.uploadSp500(symbol);
        declare("1d/1w");
        awaitCaughtUp("1d/1w");
        List<Map<String, String>> ranges = List.of(Map.of(), Map.of("from", "2008-01-01", "to", "2009-01-01"),
                Map.of("from", "2001-09-05", "to", "2001-09-20"));
        assertTrue(rollupRows("1d", "1w", symbol) > 1000, "the rollup holds the file's weeks");
        assertSameAnswers(symbol, "1d", "1w", ranges, "the file");
        // A corrected close, a bar on a day the market was closed (late), and then the late bar's removal.
        post("symbol,timeframe,ts,open,high,low,close,volume\n" + symbol + ",1d,2008-09-15T00:00:00Z,1250.92,1250.92,"
                + "1192.7,1200,8279510000\n" + symbol + ",1d,2001-09-12T00:00:00Z,1080,1090,1070,1085,1000\n");
        assertSameAnswers(symbol, "1d", "1w", ranges, "right after a corrected and a late bar");
        awaitCaughtUp("1d/1w");
        assertSameAnswers(symbol, "1d", "1w", ranges, "after their refresh");
        given().queryParam("timeframe", "1d").queryParam("from", "2001-09-12").queryParam("to", "2001-09-13")
                .when().delete("/api/v1/bars/" + symbol).then().statusCode(200).body("deleted", equalTo(1));
        assertSameAnswers(symbol, "1d", "1w", ranges, "right after the late bar's removal");
        awaitCaughtUp("1d/1w");
        assertSameAnswers(symbol, "1d", "1w", ranges, "after its refresh");
        Map<String, String> sandy = Map.of("from", "2012-10-01", "to", "2012-12-01", "fill", "prev");
        assertEquals(resample(symbol, "1d", "1w", sandy, "off"), resample(symbol, "1d", "1w", sandy, "auto"),
                "a fill over the same buckets");
    }

    @Test
    void bucketsOutliveTheBarsThatRetentionDrops() {
        String symbol = "RU.OLD";
        StringBuilder csv = new StringBuilder(HEADER);
        Instant old = Instant.parse("1990-01-01T00:00:00Z");
        for (int i = 0; i < 60; i++) {
            csv.append(bar(symbol, old.plusSeconds(4 * 3600L * i), i, 7).replace(",1m,", ",4h,"));
        }
        csv.append(bar(symbol, Instant.parse("2024-01-02T00:00:00Z"), 1, 7).replace(",1m,", ",4h,"));
        post(csv.toString());
        declare("4h/1d");
        awaitCaughtUp("4h/1d");
        Map<String, String> range = Map.of("from", "1990-01-01", "to", "1990-01-11");
        var before = TestData.json(resample(symbol, "4h", "1d", range, "auto")).get("data");
        assertEquals(10, before.size());
        assertEquals(resample(symbol, "4h", "1d", range, "off"), resample(symbol, "4h", "1d", range, "auto"));
        try {
            given().contentType("application/json").body("{\"keep\":\"P30Y\"}").when()
                    .put("/api/v1/admin/retention/4h").then().statusCode(200);
            given().when().post("/api/v1/admin/retention/run?timeframe=4h").then().statusCode(200);
            Eventually.await("1990's partition dropped", Duration.ofSeconds(30), Duration.ofMillis(200),
                    () -> resample(symbol, "4h", "1d", range, "off").equals("{\"data\":[]}"));
            var after = TestData.json(resample(symbol, "4h", "1d", range, "auto")).get("data");
            assertEquals(before.size(), after.size(), "the rollup keeps the dropped bars' buckets");
            for (int i = 0; i < before.size(); i++) {
                for (String field : List.of("ts", "open", "high", "low", "close", "volume", "vwap", "barCount")) {
                    assertEquals(before.get(i).get(field), after.get(i).get(field), field + " of bucket " + i);
                }
                assertTrue(after.get(i).get("rollupOnly").asBoolean(), "bucket " + i + " comes from the rollup only");
                assertTrue(!before.get(i).has("rollupOnly"), "not while its bars were stored");
            }
            var recent = TestData.json(resample(symbol, "4h", "1d", Map.of("from", "2024-01-01"), "auto")).get("data");
            assertTrue(!recent.get(0).has("rollupOnly"), "a bucket whose bars are stored");
        } finally {
            given().when().delete("/api/v1/admin/retention/4h");
        }
    }

    @Test
    void rollupsAreDeclaredListedAndRemoved() {
        given().when().put(ADMIN + "1m/1d").then().statusCode(201).body("source", equalTo("1m"))
                .body("bucket", equalTo("1d")).body("createdAt", notNullValue());
        given().when().put(ADMIN + "1m/1d").then().statusCode(200);
        awaitCaughtUp("1m/1d");
        given().when().get("/api/v1/admin/rollups").then().statusCode(200)
                .body("data.find { it.source == '1m' && it.bucket == '1d' }.watermark", notNullValue())
                .body("data.find { it.source == '1m' && it.bucket == '1d' }.lastRefreshAt", notNullValue());
        Eventually.await("rollup metrics", Duration.ofSeconds(30), Duration.ofMillis(200), () -> given().when()
                .get("/q/metrics").then().extract().asString().contains("tickvault_rollup_lag_seconds{rollup=\"1m/1d\"}"));
        String metrics = given().when().get("/q/metrics").then().extract().asString();
        assertTrue(metrics.contains("tickvault_rollup_rows{rollup=\"1m/1d\"}"), "rows gauge");
        assertTrue(metrics.contains("tickvault_rollup_refresh_seconds_count{rollup=\"1m/1d\"}"), "refresh timer");
        given().when().put(ADMIN + "1d/1h").then().statusCode(400).contentType("application/problem+json");
        given().when().put(ADMIN + "1d/1d").then().statusCode(400);
        given().when().put(ADMIN + "2m/1h").then().statusCode(404).contentType("application/problem+json");
        given().when().get(ADMIN + "5m/4h").then().statusCode(404);
        given().when().delete(ADMIN + "1m/1d").then().statusCode(204);
        given().when().delete(ADMIN + "1m/1d").then().statusCode(404);
        given().when().get(ADMIN + "1m/1d").then().statusCode(404);
        given().header("X-Test-No-Key", "1").when().get("/api/v1/admin/rollups").then().statusCode(401);
        given().queryParam("timeframe", "1d").queryParam("bucket", "1w").queryParam("rollup", "maybe")
                .when().get("/api/v1/bars/ANY/resample").then().statusCode(400);
    }
}
