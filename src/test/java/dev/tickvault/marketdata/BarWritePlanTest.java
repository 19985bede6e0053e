package dev.tickvault.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.support.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The write statements of a batch as large as the ingest benchmark sends (10,000 1m bars into one partition) are
 * planned below PostgreSQL's {@code jit_above_cost}: above it, PostgreSQL compiles the statement before running
 * it, and with the cost estimate of an earlier form of the statement (a per-series {@code LATERAL} probe costed as a
 * scan of the whole batch per guessed series) that compilation took 0.7 s of a 0.8 s write. Planned with the batch's
 * arrays as parameters (a custom plan, as the driver's unnamed statements are), explained without running.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class BarWritePlanTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 10_000;

    @Inject
    Pool pool;

    @Inject
    BarRepository repository;

    @Test
    void aTenThousandBarBatchIsPlannedBelowTheJitThreshold() throws IOException {
        Instant first = Instant.parse("2019-06-03T00:00:00Z");
        // One bar makes the partition of June 2019 and the series; the batch then extends it (the fast path).
        given().contentType("text/csv").body("symbol,timeframe,ts,open,high,low,close,volume\nJIT.A,1m," + first
                + ",10,11,9,10.5,100\n").when().post("/api/v1/bars").then().statusCode(200);
        String leaf = pool.preparedQuery("SELECT c.relname FROM market_data.ohlcv o JOIN pg_class c ON c.oid = o.tableoid"
                + " WHERE o.symbol = 'JIT.A' AND o.timeframe = '1m'").execute()
                .map(rows -> rows.iterator().next().getString(0)).await().indefinitely();
        List<Bar> bars = new ArrayList<>(ROWS);
        for (int i = 1; i <= ROWS; i++) {
            BigDecimal open = BigDecimal.valueOf(10_000 + (i % 97) * 25L, 2);
            bars.add(new Bar("JIT.A", "1m", first.plusSeconds(60L * i), open, open.add(BigDecimal.ONE),
                    open.subtract(BigDecimal.ONE), open, 1_000 + i, null, null, null));
        }
        double threshold = Double.parseDouble(pool.query("SELECT current_setting('jit_above_cost')").execute()
                .map(rows -> rows.iterator().next().getString(0)).await().indefinitely());
        BarRepository.WriteArguments scaled = BarRepository.arguments(bars);
        assertTrue(scaled.scaled());
        assertBelow(threshold, leaf, scaled);
        // One price of 12 integer digits sends the batch's prices as NUMERIC: the other form of the statements.
        Bar last = bars.get(ROWS - 1);
        bars.set(ROWS - 1, new Bar(last.symbol(), last.timeframe(), last.ts(), last.open(),
                new BigDecimal("123456789012.5"), last.low(), last.close(), last.volume(), null, null, null));
        BarRepository.WriteArguments numeric = BarRepository.arguments(bars);
        assertFalse(numeric.scaled());
        assertBelow(threshold, leaf, numeric);
    }

    private void assertBelow(double threshold, String leaf, BarRepository.WriteArguments args) throws IOException {
        for (String sql : repository.statements(leaf, args.scaled())) {
            Row plan = pool.preparedQuery("EXPLAIN (FORMAT JSON) " + sql).execute(args.tuple())
                    .map(rows -> rows.iterator().next()).await().indefinitely();
            JsonNode root = JSON.readTree(plan.getValue(0).toString()).get(0).get("Plan");
            double cost = root.get("Total Cost").asDouble();
            assertTrue(cost < threshold, "a " + ROWS + "-bar write is planned at " + cost + ", above jit_above_cost "
                    + threshold + ":\n" + sql);
        }
    }
}
