package dev.tickvault.marketdata.storage;

import dev.tickvault.marketdata.TestData;
import dev.tickvault.support.Eventually;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention (DESIGN 8): a policy drops exactly the partitions of its timeframe lying wholly before
 * {@code now - keep}, at once; the summary and {@code /symbols} follow; the drop is audited and counted; other
 * timeframes are untouched; ingest, reads and streams go on while a partition is dropped. Each test uses a
 * timeframe no other test class writes (30m, 4h) and removes its policy afterwards.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class RetentionTest {

    private static final String POLICY = "/api/v1/admin/retention/";

    @Inject
    Pool pool;

    @AfterEach
    void removePolicies() {
        for (String tf : List.of("30m", "4h")) {
            given().when().delete(POLICY + tf);
        }
    }

    /** Bars of {@code symbol} and {@code timeframe} at each of {@code times}, as JSON. */
    private static String bars(String symbol, String timeframe, List<Instant> times) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < times.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"symbol\":\"").append(symbol).append("\",\"timeframe\":\"")
                    .append(timeframe).append("\",\"ts\":\"").append(times.get(i))
                    .append("\",\"open\":10,\"high\":11,\"low\":9,\"close\":10.5,\"volume\":100}");
        }
        return json.append(']').toString();
    }

    /** One time a day at 12:00 UTC from {@code from} up to (not including) {@code to}. */
    private static List<Instant> daily(Instant from, Instant to) {
        List<Instant> out = new ArrayList<>();
        for (Instant t = from.truncatedTo(ChronoUnit.DAYS).plus(12, ChronoUnit.HOURS); t.isBefore(to);
                t = t.plus(1, ChronoUnit.DAYS)) {
            out.add(t);
        }
        return out;
    }

    private static void post(String body) {
        given().contentType("application/json").body(body).when().post("/api/v1/bars").then().statusCode(200);
    }

    private long count(String sql, Object... args) {
        Row row = pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next();
        return row.getLong(0);
    }

    @Test
    void aPolicyDropsExactlyThePartitionsWhollyPastItsHorizonAndNothingElse() {
        Instant now = Instant.now();
        List<Instant> times = daily(now.minus(900, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS));
        post(bars("RET.A", "30m", times));
        post(bars("RET.A", "15m", times));
        post(bars("RET.B", "30m", times.subList(0, 100)));
        double droppedBefore = TestData.metric("tickvault_partitions_dropped_total");

        given().contentType("application/json").body("{\"keep\":\"P2Y\"}").when().put(POLICY + "30m")
                .then().statusCode(200).body("timeframe", equalTo("30m")).body("keep", equalTo("P2Y"));

        // The horizon's month stays whole: only partitions ending at or before now - 2 years go.
        LocalDateTime horizon = LocalDateTime.ofInstant(now, ZoneOffset.UTC).minusYears(2);
        Instant kept = horizon.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant(ZoneOffset.UTC);
        long expected = times.stream().filter(t -> !t.isBefore(kept)).count();
        Eventually.await("the policy applied", Duration.ofSeconds(30), Duration.ofMillis(200),
                () -> count("SELECT count(*) FROM market_data.ohlcv WHERE symbol = 'RET.A' AND timeframe = '30m'") == expected);
        assertEquals(0, count("SELECT count(*) FROM market_data.ohlcv_partitions WHERE timeframe = '30m' AND range_to <= $1",
                kept.atOffset(ZoneOffset.UTC)), "no partition before the horizon's month is left");
        assertTrue(count("SELECT count(*) FROM market_data.ohlcv_partitions WHERE timeframe = '30m' AND range_from = $1",
                kept.atOffset(ZoneOffset.UTC)) == 1, "the partition straddling the horizon stays");
        assertEquals(times.size(), count("SELECT count(*) FROM market_data.ohlcv WHERE symbol = 'RET.A' AND timeframe = '15m'"),
                "another timeframe's bars are untouched");

        Map<String, Object> series = given().when().get("/api/v1/symbols").then().statusCode(200).extract().jsonPath()
                .getMap("data.find { it.symbol == 'RET.A' }.timeframes.find { it.timeframe == '30m' }");
        assertEquals((int) expected, series.get("barCount"));
        assertEquals(times.stream().filter(t -> !t.isBefore(kept)).findFirst().orElseThrow().toString(), series.get("firstTs"));
        assertEquals(times.get(times.size() - 1).toString(), series.get("lastTs"));
        given().when().get("/api/v1/symbols").then().statusCode(200)
                .body("data.find { it.symbol == 'RET.B' }", org.hamcrest.Matchers.nullValue());

        List<Map<String, Object>> audit = given().queryParam("event", "partition_dropped").queryParam("limit", 1000)
                .when().get("/api/v1/admin/audit").then().statusCode(200).extract().jsonPath().getList("data");
        assertTrue(audit.stream().anyMatch(e -> String.valueOf(e.get("detail")).contains("30m bars")), audit.toString());
        assertTrue(TestData.metric("tickvault_partitions_dropped_total") > droppedBefore);

        // Nothing is left to drop; a run says so.
        given().when().post("/api/v1/admin/retention/run").then().statusCode(200).body("dropped", hasSize(0));
    }

    @Test
    void policiesAreReadReplacedRemovedAndChecked() {
        given().contentType("application/json").body("{\"keep\":\"P30Y\"}").when().put(POLICY + "4h").then().statusCode(200);
        given().contentType("application/json").body("{\"keep\":\"P40Y\"}").when().put(POLICY + "4h")
                .then().statusCode(200).body("keep", equalTo("P40Y"));
        given().when().get(POLICY + "4h").then().statusCode(200).body("keep", equalTo("P40Y"));
        given().when().get("/api/v1/admin/retention").then().statusCode(200)
                .body("data.find { it.timeframe == '4h' }.keep", equalTo("P40Y"));
        for (String keep : List.of("\"2 years\"", "\"P0D\"", "\"-P1Y\"", "12", "null")) {
            given().contentType("application/json").body("{\"keep\":" + keep + "}").when().put(POLICY + "4h")
                    .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("keep"));
        }
        given().contentType("application/json").body("{\"keep\":").when().put(POLICY + "4h").then().statusCode(400);
        given().contentType("application/json").body("{\"keep\":\"P1Y\"}").when().put(POLICY + "2h").then().statusCode(404);
        given().when().get(POLICY + "4h").then().statusCode(200).body("keep", equalTo("P40Y"));
        given().when().delete(POLICY + "4h").then().statusCode(204);
        given().when().get(POLICY + "4h").then().statusCode(404);
        given().when().delete(POLICY + "4h").then().statusCode(404);
        String readOnly = given().contentType("application/json").body("{\"name\":\"ret-reader\",\"scopes\":[\"read\"]}")
                .when().post("/api/v1/admin/api-keys").then().statusCode(201).extract().path("key");
        given().header("Authorization", "Bearer " + readOnly).when().get("/api/v1/admin/retention").then().statusCode(403);
    }

    @Test
    void ingestReadsAndStreamsGoOnWhileAPartitionIsDropped() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant start = LocalDateTime.ofInstant(now, ZoneOffset.UTC).minusYears(5).withDayOfYear(1)
                .truncatedTo(ChronoUnit.DAYS).toInstant(ZoneOffset.UTC);
        List<Instant> old = new ArrayList<>();
        for (Instant t = start; t.isBefore(now.minus(400, ChronoUnit.DAYS)); t = t.plus(4, ChronoUnit.HOURS)) {
            old.add(t);
        }
        for (int i = 0; i < old.size(); i += 5_000) {
            post(bars("RET.C", "4h", old.subList(i, Math.min(old.size(), i + 5_000))));
        }
        Instant horizon = LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC).minusYears(3).toInstant(ZoneOffset.UTC);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService executor = Executors.newFixedThreadPool(4);
        List<Future<List<Integer>>> workers = new ArrayList<>();
        try {
            Instant recent = now.truncatedTo(ChronoUnit.DAYS);
            workers.add(executor.submit(() -> {
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; !stop.get(); i++) {
                    statuses.add(given().contentType("application/json")
                            .body(bars("RET.C", "4h", List.of(recent.minus(4L * (i % 6), ChronoUnit.HOURS))))
                            .when().post("/api/v1/bars").then().extract().statusCode());
                }
                return statuses;
            }));
            workers.add(executor.submit(() -> {
                List<Integer> statuses = new ArrayList<>();
                while (!stop.get()) {
                    statuses.add(given().queryParam("timeframe", "4h").queryParam("limit", 100)
                            .when().get("/api/v1/bars/RET.C").then().extract().statusCode());
                    statuses.add(given().queryParam("timeframe", "4h").when().get("/api/v1/bars/RET.C/latest")
                            .then().extract().statusCode());
                }
                return statuses;
            }));
            for (int s = 0; s < 2; s++) {
                workers.add(executor.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    while (!stop.get()) {
                        var stream = given().accept("text/csv").queryParam("timeframe", "4h")
                                .when().get("/api/v1/bars/RET.C").then().extract();
                        statuses.add(stream.statusCode());
                        // A stream is one snapshot: whatever is dropped meanwhile, it ends whole, with its header.
                        assertTrue(stream.asString().startsWith("symbol,timeframe,ts,"));
                    }
                    return statuses;
                }));
            }
            Thread.sleep(500);
            given().contentType("application/json").body("{\"keep\":\"P3Y\"}").when().put(POLICY + "4h")
                    .then().statusCode(200);
            // A drop that waited too long for streams in flight is left for the next run: run until done.
            Eventually.await("the partitions past the horizon dropped", Duration.ofSeconds(60), Duration.ofMillis(500), () -> {
                if (count("SELECT count(*) FROM market_data.ohlcv_partitions WHERE timeframe = '4h' AND range_to <= $1",
                        horizon.atOffset(ZoneOffset.UTC)) == 0) {
                    return true;
                }
                given().when().post("/api/v1/admin/retention/run?timeframe=4h").then().statusCode(200);
                return false;
            });
            Thread.sleep(500);
        } finally {
            stop.set(true);
        }
        for (Future<List<Integer>> worker : workers) {
            List<Integer> statuses = worker.get();
            assertTrue(!statuses.isEmpty());
            assertTrue(statuses.stream().allMatch(status -> status == 200), statuses.toString());
        }
        executor.shutdownNow();
        long remaining = count("SELECT count(*) FROM market_data.ohlcv WHERE symbol = 'RET.C' AND timeframe = '4h'");
        given().when().get("/api/v1/symbols").then().statusCode(200)
                .body("data.find { it.symbol == 'RET.C' }.timeframes[0].barCount", equalTo((int) remaining));
        assertEquals(remaining, count("SELECT bar_count FROM market_data.series WHERE symbol = 'RET.C' AND timeframe = '4h'"));
        assertEquals(0, count("SELECT count(*) FROM market_data.ohlcv WHERE symbol = 'RET.C' AND timeframe = '4h' AND ts < $1",
                OffsetDateTime.ofInstant(LocalDateTime.ofInstant(horizon, ZoneOffset.UTC).withDayOfYear(1)
                        .truncatedTo(ChronoUnit.DAYS).toInstant(ZoneOffset.UTC), ZoneOffset.UTC)));
    }
}
