package dev.tickvault.marketdata.storage;

import dev.tickvault.marketdata.TestData;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The partitions of the bars (DESIGN 8): made on demand by the batch that needs them, concurrency-safe, kept
 * ready ahead of time, listed for administrators, and made through a function only, the runtime role having
 * no DDL rights.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class PartitionTest {

    private static final String PATH = "/api/v1/admin/partitions";

    @Inject
    Pool pool;

    /** {@code count} 1m bars of {@code symbol} from {@code start}, one every {@code stepMinutes}, as JSON. */
    private static String minuteBars(String symbol, String start, int count, int stepMinutes) {
        StringBuilder json = new StringBuilder("[");
        Instant t = Instant.parse(start);
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append("{\"symbol\":\"").append(symbol).append("\",\"timeframe\":\"1m\",\"ts\":\"")
                    .append(t.plusSeconds(60L * stepMinutes * i)).append("\",\"open\":10,\"high\":11,\"low\":9,\"close\":10.5,"
                            + "\"volume\":100}");
        }
        return json.append(']').toString();
    }

    private List<Map<String, Object>> partitions(String timeframe) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        do {
            var page = given().queryParam("timeframe", timeframe).queryParam("limit", 50)
                    .queryParam("cursor", cursor == null ? "" : cursor)
                    .when().get(PATH).then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("data"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return all;
    }

    private long count(String sql, Object... args) {
        Row row = pool.preparedQuery(sql).execute(Tuple.from(args)).await().indefinitely().iterator().next();
        return row.getLong(0);
    }

    @Test
    void aBatchReachingYearsWithoutPartitionsMakesThemInTheSameRequest() {
        given().contentType("text/csv").body(TestData.sp500Bytes()).queryParam("symbol", "PART.SP")
                .queryParam("timeframe", "1d").when().post("/api/v1/bars")
                .then().statusCode(200).body("inserted", equalTo(5105));
        List<Map<String, Object>> daily = partitions("1d");
        for (String decade : List.of("2000", "2010", "2020")) {
            assertTrue(daily.stream().anyMatch(p -> (decade + "-01-01T00:00:00Z").equals(p.get("from"))
                    && ((Integer.parseInt(decade) + 10) + "-01-01T00:00:00Z").equals(p.get("to"))),
                    "a decade partition from " + decade + ": " + daily);
        }
        assertEquals(5105, count("SELECT count(*) FROM market_data.ohlcv WHERE symbol = 'PART.SP'"));
        long firstDecade = TestData.sp500().stream().filter(r -> r.date().getYear() < 2010).count();
        assertEquals(firstDecade, count("SELECT count(*) FROM market_data.\"ohlcv_1d_20000101T000000\" WHERE symbol = 'PART.SP'"),
                "the bars of 2000-2009 are in that decade's partition");
        given().when().get("/api/v1/symbols").then().statusCode(200)
                .body("data.find { it.symbol == 'PART.SP' }.timeframes[0].barCount", equalTo(5105));

        // Three months of minute bars in one batch: three monthly partitions, each bar in its own.
        given().contentType("application/json").body(minuteBars("PART.M1", "2015-01-31T23:00:00Z", 90, 1440 / 3))
                .when().post("/api/v1/bars").then().statusCode(200).body("inserted", equalTo(90));
        List<Map<String, Object>> minutes = partitions("1m");
        for (String month : List.of("2015-01-01", "2015-02-01", "2015-03-01")) {
            assertTrue(minutes.stream().anyMatch(p -> (month + "T00:00:00Z").equals(p.get("from"))),
                    "a monthly partition from " + month + ": " + minutes);
        }
        assertEquals(90, count("SELECT count(*) FROM market_data.ohlcv WHERE symbol = 'PART.M1'"));
    }

    @Test
    void concurrentBatchesOfOneNewMonthAllSucceedAndMakeOnePartition() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> posts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String body = minuteBars("PART.RACE" + i, "2011-07-01T00:00:00Z", 500, 60);
                posts.add(executor.submit(() -> given().contentType("application/json").body(body)
                        .when().post("/api/v1/bars").then().extract().statusCode()));
            }
            // And the function itself, called at once from several connections as several instances would.
            List<Future<Long>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(executor.submit((Callable<Long>) () -> count("SELECT count(*) FROM"
                        + " market_data.ensure_ohlcv_partition('1m', $1, 'month')", java.time.OffsetDateTime.parse("2011-07-15T00:00:00Z"))));
            }
            for (Future<Integer> post : posts) {
                assertEquals(200, post.get());
            }
            for (Future<Long> call : calls) {
                assertEquals(1L, call.get());
            }
        } finally {
            executor.shutdownNow();
        }
        assertEquals(1, count("SELECT count(*) FROM market_data.ohlcv_partitions WHERE timeframe = '1m'"
                + " AND range_from = '2011-07-01T00:00:00Z'"));
        assertEquals(8 * 500, count("SELECT count(*) FROM market_data.ohlcv WHERE symbol LIKE 'PART.RACE%'"));
    }

    @Test
    void theCurrentAndTheNextSpanOfEveryTimeframeAreReady() throws Exception {
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        String thisMonth = now.withDayOfMonth(1).toLocalDate() + "T00:00:00Z";
        String nextMonth = now.withDayOfMonth(1).plusMonths(1).toLocalDate() + "T00:00:00Z";
        String thisYear = now.getYear() + "-01-01T00:00:00Z";
        // The maintenance job runs a second after start; poll for it rather than assume when.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (partitions("5m").stream().noneMatch(p -> nextMonth.equals(p.get("from"))) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        for (String tf : List.of("1m", "5m", "15m", "30m")) {
            List<Map<String, Object>> listed = partitions(tf);
            assertTrue(listed.stream().anyMatch(p -> thisMonth.equals(p.get("from"))), tf + " " + listed);
            assertTrue(listed.stream().anyMatch(p -> nextMonth.equals(p.get("from"))), tf + " " + listed);
        }
        for (String tf : List.of("1h", "4h")) {
            assertTrue(partitions(tf).stream().anyMatch(p -> thisYear.equals(p.get("from"))), tf);
        }
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.matches("(?s).*tickvault_partitions\\{timeframe=\"1m\"[^}]*} [1-9].*"), "the gauge counts them");
    }

    @Test
    void partitionsAreListedWithSizesAndPagedByTimeframeThenStart() {
        given().contentType("application/json").body(minuteBars("PART.LIST", "2013-03-10T00:00:00Z", 40, 1440))
                .when().post("/api/v1/bars").then().statusCode(200);
        var first = given().queryParam("limit", 2).when().get(PATH).then().statusCode(200)
                .body("data.size()", equalTo(2)).extract().jsonPath();
        assertEquals("1m", first.getString("data[0].timeframe"), "1m first");
        String cursor = first.getString("nextCursor");
        var second = given().queryParam("limit", 2).queryParam("cursor", cursor).when().get(PATH).then().statusCode(200)
                .extract().jsonPath();
        assertTrue(Instant.parse(second.getString("data[0].from")).isAfter(Instant.parse(first.getString("data[1].from")))
                || !second.getString("data[0].timeframe").equals(first.getString("data[1].timeframe")));
        Map<String, Object> march = partitions("1m").stream().filter(p -> "2013-03-01T00:00:00Z".equals(p.get("from")))
                .findFirst().orElseThrow();
        assertEquals("2013-04-01T00:00:00Z", march.get("to"));
        assertEquals("ohlcv_1m_20130301T000000", march.get("name"));
        assertTrue(((Number) march.get("sizeBytes")).longValue() > 0);
        assertTrue(((Number) march.get("rowEstimate")).longValue() >= 0);
        given().queryParam("timeframe", "2m").when().get(PATH).then().statusCode(400);
        given().queryParam("cursor", "nonsense").when().get(PATH).then().statusCode(400);
        given().header("Authorization", "Bearer tv_nosuchid_NotAKeyThatExistsAnywhere0000000").when().get(PATH)
                .then().statusCode(401);
    }

    @Test
    void aPartitionDroppedBehindTheInstancesBackIsMadeAgainByTheNextWrite() {
        // A 1d bar on the first storable day makes a partition whose range starts before year 1 (1 BC): the reload
        // below lists every partition, so this also proves a bound before the common era is read.
        given().contentType("application/json").body("[{\"symbol\":\"PART.YEAR1\",\"timeframe\":\"1d\","
                        + "\"ts\":\"0001-01-01T00:00:00Z\",\"open\":10,\"high\":11,\"low\":9,\"close\":10.5,\"volume\":1}]")
                .when().post("/api/v1/bars").then().statusCode(200).body("inserted", equalTo(1));
        // Another instance's retention drops a partition this instance knows: its next write into that month finds
        // the table gone, asks the database again, makes the partition anew and writes, in the same request. (A month
        // no other test writes: the function answers with every bar the partition held.)
        given().contentType("application/json").body(minuteBars("PART.GONE", "1993-02-02T00:00:00Z", 10, 60))
                .when().post("/api/v1/bars").then().statusCode(200).body("inserted", equalTo(10));
        assertEquals(10, count("SELECT market_data.drop_ohlcv_partition('ohlcv_1m_19930201T000000', 2000)"),
                "the function answers with the bars the partition held");
        assertEquals(0, count("SELECT count(*) FROM pg_class WHERE relname = 'ohlcv_1m_19930201T000000'"));

        given().contentType("application/json").body(minuteBars("PART.GONE", "1993-02-03T00:00:00Z", 10, 60))
                .when().post("/api/v1/bars").then().statusCode(200).body("inserted", equalTo(10));
        assertEquals(10, count("SELECT count(*) FROM market_data.\"ohlcv_1m_19930201T000000\" WHERE symbol = 'PART.GONE'"),
                "the second batch, in the partition made again; the first went with the dropped one");
        assertTrue(partitions("1m").stream().anyMatch(p -> "1993-02-01T00:00:00Z".equals(p.get("from"))));
        assertTrue(partitions("1d").stream().anyMatch(p -> Instant.parse((String) p.get("from"))
                        .isBefore(Instant.parse("0001-01-01T00:00:00Z"))),
                "the partition starting before year 1 is listed: " + partitions("1d").get(0));
    }

    @Test
    void theRuntimeRoleMakesPartitionsOnlyThroughTheFunction() throws Exception {
        String url = PostgresResource.server().jdbcUrl();
        try (Connection owner = DriverManager.getConnection(url, PostgresResource.server().user(), "x");
                Statement s = owner.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tickvault_app') THEN"
                    + " CREATE ROLE tickvault_app LOGIN; END IF; END $$");
            // The grants exactly as every migration run applies them.
            s.execute(new String(getClass().getResourceAsStream("/db/migration/R__grants.sql").readAllBytes(),
                    StandardCharsets.UTF_8));
        }
        try (Connection app = DriverManager.getConnection(url, "tickvault_app", "x"); Statement s = app.createStatement()) {
            for (String ddl : List.of("CREATE TABLE market_data.intruder (a int)",
                    "CREATE TABLE market_data.ohlcv_1h_x PARTITION OF market_data.ohlcv_1h FOR VALUES FROM ('2041-01-01') TO ('2042-01-01')",
                    "ALTER TABLE market_data.ohlcv_1h DETACH PARTITION market_data.\"ohlcv_1d_20000101T000000\"",
                    "DROP TABLE market_data.ohlcv_partitions",
                    "TRUNCATE market_data.ohlcv_1h")) {
                SQLException refused = assertThrows(SQLException.class, () -> s.execute(ddl), ddl);
                assertEquals("42501", refused.getSQLState(), ddl + ": " + refused.getMessage());
            }
            try (var rs = s.executeQuery("SELECT table_name, created FROM"
                    + " market_data.ensure_ohlcv_partition('1h', '2041-06-01T00:00:00Z', 'year')")) {
                assertTrue(rs.next());
                assertEquals("ohlcv_1h_20410101T000000", rs.getString(1));
            }
            s.execute("INSERT INTO market_data.ohlcv (symbol, timeframe, ts, open, high, low, close, volume)"
                    + " VALUES ('PART.ROLE', '1h', '2041-06-01T10:00:00Z', 1, 1, 1, 1, 1)");
            try (var rs = s.executeQuery("SELECT count(*) FROM market_data.\"ohlcv_1h_20410101T000000\"")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getLong(1), "the runtime role writes into the partition it had made");
            }
            try (var rs = s.executeQuery("SELECT market_data.drop_ohlcv_partition('ohlcv_1h_20410101T000000', 2000)")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getLong(1));
            }
        }
        assertEquals(0, count("SELECT count(*) FROM pg_class WHERE relname = 'ohlcv_1h_20410101T000000'"));
    }
}
