package dev.tickvault.marketdata;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class TimeframePinTest {

    @Test
    void everyTestOfTheTimeframeParameterGainsTheLiteral() {
        assertEquals("SELECT 1 FROM market_data.ohlcv o JOIN market_data.series s ON s.symbol = o.symbol"
                        + " AND s.timeframe = $2 AND s.timeframe = '1h' WHERE o.timeframe = $2 AND o.timeframe = '1h'"
                        + " AND timeframe = $2 AND timeframe = '1h' AND ts >= $3",
                Timeframe.H1.pinned("SELECT 1 FROM market_data.ohlcv o JOIN market_data.series s ON s.symbol = o.symbol"
                        + " AND s.timeframe = $2 WHERE o.timeframe = $2 AND timeframe = $2 AND ts >= $3"));
    }

    @Test
    void otherParametersAndColumnsAreLeftAlone() {
        String sql = "SELECT timeframe FROM market_data.ohlcv WHERE timeframe = $20 AND symbol = $2 AND my_timeframe = $2";
        assertEquals(sql, Timeframe.D1.pinned(sql));
    }

    @Test
    void aStatementIsPinnedOncePerTimeframe() {
        String sql = "SELECT 1 FROM market_data.ohlcv WHERE symbol = $1 AND timeframe = $2";
        assertSame(Timeframe.M5.pinned(sql), Timeframe.M5.pinned(sql));
        assertEquals("SELECT 1 FROM market_data.ohlcv WHERE symbol = $1 AND timeframe = $2 AND timeframe = '1w'",
                Timeframe.W1.pinned(sql));
    }
}
