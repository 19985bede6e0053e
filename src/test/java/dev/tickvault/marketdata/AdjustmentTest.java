package dev.tickvault.marketdata;

import io.quarkiverse.resteasy.problem.HttpProblem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@link Adjustment} rewrites read statements and reads its parameter. */
class AdjustmentTest {

    private static final String ONE_SERIES = "SELECT ts, close FROM market_data.ohlcv WHERE symbol = $1 AND timeframe = $2"
            + " AND ts >= $3 ORDER BY ts LIMIT $4";
    private static final String MANY = "SELECT b.* FROM unnest($1::text[]) AS s(symbol) CROSS JOIN LATERAL (SELECT ts"
            + " FROM market_data.ohlcv o\n WHERE o.symbol = s.symbol AND o.timeframe = $2 ORDER BY o.ts DESC LIMIT 1) b";

    @Test
    void rawLeavesTheStatementAsItIs() {
        assertSame(ONE_SERIES, Adjustment.RAW.apply(ONE_SERIES));
        assertSame(MANY, Adjustment.RAW.applyPerSymbol(MANY));
    }

    @Test
    void putsTheAdjustedBarsOfTheSeriesInPlaceOfTheTable() {
        String split = Adjustment.SPLIT.apply(ONE_SERIES);
        assertTrue(split.startsWith("SELECT ts, close FROM (SELECT b.symbol"), split);
        assertTrue(split.contains("ref.adjustment_factors($1, $2, false)"), split);
        assertTrue(split.endsWith(") AS ohlcv WHERE symbol = $1 AND timeframe = $2 AND ts >= $3 ORDER BY ts LIMIT $4"),
                split);
        assertTrue(Adjustment.ALL.apply(ONE_SERIES).contains("ref.adjustment_factors($1, $2, true)"));
        // Built once per statement.
        assertSame(split, Adjustment.SPLIT.apply(ONE_SERIES));
    }

    @Test
    void perSymbolReadsKeepTheirAliasAndTakeEachSymbol() {
        String all = Adjustment.ALL.applyPerSymbol(MANY);
        assertTrue(all.contains("ref.adjustment_factors(s.symbol, $2, true)"), all);
        assertTrue(all.contains(") AS o\n WHERE o.symbol = s.symbol"), all);
    }

    @Test
    void readsTheParameter() {
        assertEquals(Adjustment.RAW, Adjustment.fromQuery(null));
        assertEquals(Adjustment.RAW, Adjustment.fromQuery(""));
        assertEquals(Adjustment.SPLIT, Adjustment.fromQuery("split"));
        assertEquals(Adjustment.ALL, Adjustment.fromQuery("all"));
        HttpProblem problem = assertThrows(HttpProblem.class, () -> Adjustment.fromQuery("SPLIT"));
        assertEquals(400, problem.getStatusCode());
        assertThrows(IllegalArgumentException.class, () -> Adjustment.SPLIT.apply("SELECT 1"));
    }
}
