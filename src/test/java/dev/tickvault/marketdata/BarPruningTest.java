package dev.tickvault.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every read of a series touches only the partitions of its range (DESIGN 8): the very statements
 * {@link BarRepository} runs, explained with {@code EXPLAIN (ANALYZE, FORMAT JSON)}, both as custom plans (the
 * planner prunes) and as generic plans ({@code plan_cache_mode = force_generic_plan}: the executor prunes, as for
 * a cached prepared statement). Only the leaf partitions a plan actually executes are counted: an ordered scan of
 * the newest bar lists older partitions but never runs them.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class BarPruningTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean loaded;

    @Inject
    Pool pool;

    @BeforeEach
    void load() {
        synchronized (BarPruningTest.class) {
            if (loaded) {
                return;
            }
            // 1m bars every 10 minutes through January-March 2016 (three monthly partitions), and the S&P file as 1d
            // bars (the 2000s, 2010s and 2020s).
            StringBuilder csv = new StringBuilder("symbol,timeframe,ts,open,high,low,close,volume\n");
            for (Instant t = Instant.parse("2016-01-01T00:00:00Z"); t.isBefore(Instant.parse("2016-04-01T00:00:00Z"));
                    t = t.plusSeconds(600)) {
                csv.append("PRUNE.M,1m,").append(t).append(",10,11,9,10.5,100\n");
            }
            given().contentType("text/csv").body(csv.toString()).when().post("/api/v1/bars").then().statusCode(200);
            TestData.uploadSp500("PRUNE.D");
            loaded = true;
        }
    }

    /**
     * The leaf partitions the plan of {@code sql} with {@code args} ran, custom and generic plans alike; the
     * statement pinned to its timeframe ({@code $2}) as the repository runs it.
     */
    private Set<String> executed(String sql, Tuple args) {
        String run = args.size() > 1 && args.getValue(1) instanceof String code && Timeframe.of(code).isPresent()
                ? Timeframe.of(code).get().pinned(sql) : sql;
        Set<String> custom = explain(run, args, false);
        Set<String> generic = explain(run, args, true);
        assertEquals(custom, generic, "custom and generic plans touch the same partitions");
        return custom;
    }

    /**
     * The partitions the custom plan ran. For the latest bar of many symbols only: its generic plan, on this test's
     * few rows, hashes the timeframe's partitions instead of probing the one partition per symbol (on tables of
     * real size it takes the nested loop, which prunes per symbol), so it is the custom plan that is checked.
     */
    private Set<String> executedCustom(String sql, Tuple args) {
        return explain(Timeframe.of((String) args.getValue(1)).orElseThrow().pinned(sql), args, false);
    }

    /** Names of the statements {@link #explain} prepares, one per call. */
    private static final java.util.concurrent.atomic.AtomicInteger PREPARED = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * The partitions the plan ran. A generic plan is the one PostgreSQL's plan cache keeps for a statement prepared
     * in SQL ({@code PREPARE}, then {@code EXPLAIN EXECUTE} under {@code force_generic_plan}); an EXPLAIN sent
     * with parameters is planned with their values, as a custom plan.
     */
    private Set<String> explain(String sql, Tuple args, boolean generic) {
        // EXECUTE takes no protocol parameters: its arguments are written as literals.
        String literals = java.util.stream.IntStream.range(0, args.size()).mapToObj(i -> literal(args.getValue(i)))
                .collect(java.util.stream.Collectors.joining(", "));
        // A name of its own per call, never DEALLOCATE ALL: that would also drop the statements the driver has
        // prepared on this pooled connection, and its next use of one fails (26000).
        String name = "pruned_" + PREPARED.incrementAndGet();
        return pool.withConnection(conn -> {
            io.smallrye.mutiny.Uni<io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row>> run = generic
                    ? conn.query("PREPARE " + name + " AS " + sql).execute()
                            .chain(() -> conn.query("SET plan_cache_mode = force_generic_plan").execute())
                            .chain(() -> conn.query("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE " + name + "(" + literals
                                    + ")").execute())
                            .call(() -> conn.query("RESET plan_cache_mode").execute())
                            .call(() -> conn.query("DEALLOCATE " + name).execute())
                    : conn.preparedQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + sql).execute(args);
            return run;
        }).map(rows -> {
            try {
                Set<String> relations = new TreeSet<>();
                collect(JSON.readTree(rows.iterator().next().getValue(0).toString()), relations, true);
                return relations;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).await().indefinitely();
    }

    private static String literal(Object value) {
        if (value instanceof String[] array) {
            return java.util.Arrays.stream(array).map(BarPruningTest::literal)
                    .collect(java.util.stream.Collectors.joining(", ", "ARRAY[", "]::text[]"));
        }
        if (value instanceof OffsetDateTime[] array) {
            return java.util.Arrays.stream(array).map(BarPruningTest::literal)
                    .collect(java.util.stream.Collectors.joining(", ", "ARRAY[", "]::timestamptz[]"));
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }

    /** The bar partitions ({@code ohlcv_...}) among the relations of plan nodes (with {@code ran}: that ran). */
    private static void collect(JsonNode node, Set<String> relations, boolean ran) {
        if (node.isArray()) {
            node.forEach(n -> collect(n, relations, ran));
            return;
        }
        if (node.has("Plan")) {
            collect(node.get("Plan"), relations, ran);
        }
        if (node.has("Relation Name") && node.get("Relation Name").asText().startsWith("ohlcv_")
                && (!ran || node.path("Actual Loops").asLong() > 0)) {
            relations.add(node.get("Relation Name").asText());
        }
        if (node.has("Plans")) {
            collect(node.get("Plans"), relations, ran);
        }
    }

    private static OffsetDateTime utc(String text) {
        return Instant.parse(text).atOffset(ZoneOffset.UTC);
    }

    private static final String FEBRUARY = "ohlcv_1m_20160201T000000";

    @Test
    void aPageAndAStreamTouchOnlyTheirMonth() {
        assertEquals(Set.of(FEBRUARY), executed(BarRepository.RANGE_ASC, Tuple.of("PRUNE.M", "1m",
                utc("2016-02-10T00:00:00Z"), utc("2016-02-20T00:00:00Z"), 101)));
        assertEquals(Set.of(FEBRUARY), executed(BarRepository.STREAM_ASC, Tuple.of("PRUNE.M", "1m",
                utc("2016-02-01T00:00:00Z"), utc("2016-03-01T00:00:00Z"))));
        assertEquals(Set.of("ohlcv_1d_20000101T000000"), executed(BarRepository.STREAM_ASC, Tuple.of("PRUNE.D", "1d",
                utc("2008-09-01T00:00:00Z"), utc("2008-10-01T00:00:00Z"))));
    }

    @Test
    void theNewestBarIsReadFromItsOnePartition() {
        // The series summary names the newest bar's time: one lookup, however many partitions are newer.
        assertEquals(Set.of("ohlcv_1m_20160301T000000"), executed(BarRepository.LATEST_JSON, Tuple.of("PRUNE.M", "1m")));
        assertEquals(Set.of("ohlcv_1m_20160301T000000"), executedCustom(BarRepository.LATEST_MANY,
                Tuple.of(new String[] {"PRUNE.M", "PRUNE.NONE"}, "1m")));
        assertEquals(Set.of("ohlcv_1d_20200101T000000"), executed(BarRepository.LATEST_JSON, Tuple.of("PRUNE.D", "1d")));
        assertEquals(Set.of(), executed(BarRepository.LATEST_JSON, Tuple.of("PRUNE.NONE", "1m")),
                "a series without bars reads no partition");
    }

    @Test
    void resampleAndGapsTouchOnlyTheirRange() {
        assertEquals(Set.of(FEBRUARY), executed(BarRepository.RESAMPLE, Tuple.of("PRUNE.M", "1m",
                utc("2016-02-01T00:00:00Z"), utc("2016-03-01T00:00:00Z"), 3600.0)));
        assertEquals(Set.of(FEBRUARY), executed(BarRepository.INTRADAY_GAPS, Tuple.tuple().addString("PRUNE.M")
                .addString("1m").addOffsetDateTime(utc("2016-02-03T00:00:00Z")).addOffsetDateTime(utc("2016-02-05T00:00:00Z"))
                .addDouble(60.0).addOffsetDateTime(utc("2016-02-03T00:00:00Z")).addBoolean(false).addInteger(100)));
        assertEquals(Set.of("ohlcv_1d_20000101T000000"), executed(BarRepository.DAILY_GAPS,
                Tuple.of("PRUNE.D", LocalDate.parse("2001-09-01"), LocalDate.parse("2001-10-01"), true, 100)));
    }

    @Test
    void theSeedOfAFillReadsOnlyThePartitionOfTheBarBeforeTheRange() {
        assertEquals(Set.of(FEBRUARY), executed(BarRepository.LAST_CLOSE_BEFORE, Tuple.of("PRUNE.M", "1m",
                utc("2016-02-15T00:00:00Z"))));
        assertEquals(Set.of("ohlcv_1d_20000101T000000"), executed(BarRepository.LAST_CLOSE_BEFORE, Tuple.of("PRUNE.D",
                "1d", utc("2001-09-11T00:00:00Z"))));
    }

    @Test
    void anAsOfProbeRunsOnlyThePartitionHoldingItsBar() {
        Tuple points = Tuple.tuple().addValue(new String[] {"PRUNE.M", "PRUNE.M"})
                .addValue(new OffsetDateTime[] {utc("2016-02-15T00:00:00Z"), utc("2016-03-10T00:00:00Z")})
                .addString("1m").addDouble(60.0);
        assertEquals(Set.of(FEBRUARY, "ohlcv_1m_20160301T000000"), executed(BarRepository.AS_OF, points));
        Tuple within = Tuple.tuple().addValue(new String[] {"PRUNE.M"})
                .addValue(new OffsetDateTime[] {utc("2016-02-15T00:00:00Z")}).addString("1m").addDouble(60.0)
                .addDouble(3600.0);
        assertEquals(Set.of(FEBRUARY), executed(BarRepository.AS_OF_WITHIN, within));
        // A point after every bar of the 2000s finds its bar in that partition; the newer ones hold none before it.
        Tuple daily = Tuple.tuple().addValue(new String[] {"PRUNE.D"})
                .addValue(new OffsetDateTime[] {utc("2008-09-16T00:00:00Z")}).addString("1d").addDouble(86400.0);
        assertEquals(Set.of("ohlcv_1d_20000101T000000"), executed(BarRepository.AS_OF, daily));
    }

    @Test
    void resampleThroughARollupTouchesOnlyTheRangeOfBarsItReads() {
        // No rollup of PRUNE.M's timeframe into hours here: the statement reads [from, to) from the bars, February.
        Tuple args = Tuple.tuple().addString("PRUNE.M").addString("1m").addOffsetDateTime(utc("2016-02-01T00:30:00Z"))
                .addOffsetDateTime(utc("2016-03-01T00:00:00Z")).addDouble(3600.0)
                .addOffsetDateTime(utc("2016-02-01T01:00:00Z")).addOffsetDateTime(utc("2016-03-01T00:00:00Z"))
                .addString("1h");
        assertEquals(Set.of(FEBRUARY), executed(BarRepository.RESAMPLE_ROLLUP, args));
    }

    @Test
    void adjustedReadsTouchOnlyTheirRange() {
        given().contentType("application/json").body("[{\"symbol\":\"PRUNE.D\",\"exDate\":\"2010-01-04\",\"type\":"
                + "\"split\",\"ratio\":2},{\"symbol\":\"PRUNE.D\",\"exDate\":\"2015-06-01\",\"type\":\"dividend\","
                + "\"amount\":1}]").when().post("/api/v1/corporate-actions").then().statusCode(200);
        Tuple september2008 = Tuple.of("PRUNE.D", "1d", utc("2008-09-01T00:00:00Z"), utc("2008-10-01T00:00:00Z"), 101);
        assertEquals(Set.of("ohlcv_1d_20000101T000000"), executed(Adjustment.SPLIT.apply(BarRepository.RANGE_ASC),
                september2008));
        // The dividend's factor (the last bar before its ex-date) is read inside ref.adjustment_factors, once.
        assertEquals(Set.of("ohlcv_1d_20000101T000000"), executed(Adjustment.ALL.apply(BarRepository.RANGE_ASC),
                september2008));
        assertEquals(Set.of(FEBRUARY), executed(Adjustment.ALL.apply(BarRepository.STREAM_ASC), Tuple.of("PRUNE.M", "1m",
                utc("2016-02-01T00:00:00Z"), utc("2016-03-01T00:00:00Z"))));
        assertEquals(Set.of("ohlcv_1d_20200101T000000"), executed(Adjustment.SPLIT.apply(BarRepository.LATEST_JSON),
                Tuple.of("PRUNE.D", "1d")));
        assertEquals(Set.of("ohlcv_1m_20160301T000000"), executedCustom(Adjustment.SPLIT.applyPerSymbol(BarRepository.LATEST_MANY),
                Tuple.of(new String[] {"PRUNE.M", "PRUNE.NONE"}, "1m")));
        assertEquals(Set.of(FEBRUARY), executed(Adjustment.ALL.apply(BarRepository.RESAMPLE), Tuple.of("PRUNE.M", "1m",
                utc("2016-02-01T00:00:00Z"), utc("2016-03-01T00:00:00Z"), 3600.0)));
    }

    @Test
    void aPreparedLatestBarReadKeepsOneGenericPlanOfItsTimeframe() {
        // What PostgreSQL's plan cache does with the statement as the repository prepares it (manual, PREPARE:
        // five custom plans, then the generic one if it costs no more): with the timeframe pinned in the text the
        // generic plan holds one timeframe's partitions and is kept, so a latest-bar read is not planned again.
        String sql = Timeframe.M1.pinned(BarRepository.LATEST_JSON);
        long[] plans = pool.withConnection(conn -> conn.query("PREPARE pinned_latest AS " + sql).execute()
                .chain(() -> repeat(conn, "EXECUTE pinned_latest('PRUNE.M', '1m')", 10))
                .chain(() -> conn.query("SELECT generic_plans, custom_plans FROM pg_prepared_statements"
                        + " WHERE name = 'pinned_latest'").execute())
                .call(() -> conn.query("DEALLOCATE pinned_latest").execute()))
                .map(rows -> new long[] {rows.iterator().next().getLong(0), rows.iterator().next().getLong(1)})
                .await().indefinitely();
        assertTrue(plans[0] >= 5, "the generic plan is kept after the first five: generic " + plans[0]
                + ", custom " + plans[1]);
        assertTrue(plans[1] <= 5, "custom plans " + plans[1]);

        // Its generic plan, before run-time pruning, holds the 1m partitions and no other timeframe's.
        long oneMinute = pool.query("SELECT count(*) FROM market_data.ohlcv_partitions WHERE timeframe = '1m'").execute()
                .map(rows -> rows.iterator().next().getLong(0)).await().indefinitely();
        assertEquals(oneMinute, plannedLeaves(sql), "1m leaves in the generic plan");
        assertTrue(plannedLeaves(BarRepository.LATEST_JSON) > oneMinute, "without the pin it holds every timeframe's");
    }

    private static io.smallrye.mutiny.Uni<Void> repeat(io.vertx.mutiny.sqlclient.SqlConnection conn, String sql, int times) {
        io.smallrye.mutiny.Uni<Void> chain = io.smallrye.mutiny.Uni.createFrom().voidItem();
        for (int i = 0; i < times; i++) {
            chain = chain.chain(() -> conn.query(sql).execute()).replaceWithVoid();
        }
        return chain;
    }

    /**
     * Leaf partitions in the generic plan of {@code sql} (a latest-bar read of PRUNE.M 1m): those it kept and
     * those run-time pruning removed. A statement prepared in SQL, since an EXPLAIN sent with parameters is
     * planned with their values.
     */
    private long plannedLeaves(String sql) {
        return pool.withConnection(conn -> conn.query("PREPARE leaves AS " + sql).execute()
                .chain(() -> conn.query("SET plan_cache_mode = force_generic_plan").execute())
                .chain(() -> conn.query("EXPLAIN (FORMAT JSON) EXECUTE leaves('PRUNE.M', '1m')").execute())
                .call(() -> conn.query("RESET plan_cache_mode").execute())
                .call(() -> conn.query("DEALLOCATE leaves").execute()))
                .map(rows -> {
                    try {
                        JsonNode plan = JSON.readTree(rows.iterator().next().getValue(0).toString());
                        Set<String> kept = new TreeSet<>();
                        collect(plan, kept, false);
                        return kept.size() + plan.findValues("Subplans Removed").stream().mapToLong(JsonNode::asLong).sum();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).await().indefinitely();
    }
}
