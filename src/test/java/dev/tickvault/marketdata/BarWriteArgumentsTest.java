package dev.tickvault.marketdata;

import io.vertx.sqlclient.data.Numeric;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a batch's prices go to PostgreSQL: unscaled at 8 decimals when every one fits a long, else as NUMERIC. */
class BarWriteArgumentsTest {

    private static final Instant TS = Instant.parse("2024-05-01T00:00:00Z");

    private static Bar bar(String open, String high, String low, String close, String vwap) {
        return new Bar("ARGS", "1d", TS, new BigDecimal(open), new BigDecimal(high), new BigDecimal(low),
                new BigDecimal(close), 7, vwap == null ? null : new BigDecimal(vwap), null, null);
    }

    @Test
    void pricesWhoseUnscaledValueFitsALongGoUnscaled() {
        BarRepository.WriteArguments args = BarRepository.arguments(List.of(
                bar("1234.5", "92233720368.54775807", "0.00000001", "1E+3", null),
                bar("2", "3.00000000", "1", "2.5", "2.25")));
        assertTrue(args.scaled());
        assertArrayEquals(new Long[] {123_450_000_000L, 200_000_000L}, (Object[]) args.tuple().getValue(3));
        assertArrayEquals(new Long[] {Long.MAX_VALUE, 300_000_000L}, (Object[]) args.tuple().getValue(4));
        assertArrayEquals(new Long[] {1L, 100_000_000L}, (Object[]) args.tuple().getValue(5));
        assertArrayEquals(new Long[] {100_000_000_000L, 250_000_000L}, (Object[]) args.tuple().getValue(6));
        assertArrayEquals(new Long[] {7L, 7L}, (Object[]) args.tuple().getValue(7));
        assertArrayEquals(new Long[] {null, 225_000_000L}, (Object[]) args.tuple().getValue(8));
    }

    @Test
    void oneLargerPriceSendsTheWholeBatchAsNumeric() {
        BarRepository.WriteArguments args = BarRepository.arguments(List.of(
                bar("1", "2", "1", "2", null), bar("92233720368", "92233720368.54775808", "92233720368", "92233720368",
                        null)));
        assertFalse(args.scaled());
        Object[] high = (Object[]) args.tuple().getValue(4);
        assertEquals(Numeric.create(new BigDecimal("2")), high[0]);
        assertEquals(Numeric.create(new BigDecimal("92233720368.54775808")), high[1]);
    }

    @Test
    void moreThanEightDecimalsAreLeftToPostgresqlToRound() {
        BarRepository.WriteArguments args = BarRepository.arguments(List.of(
                bar("1", "2", "1", "2", "1.123456789")));
        assertFalse(args.scaled());
        assertEquals(Numeric.create(new BigDecimal("1.123456789")), ((Object[]) args.tuple().getValue(8))[0]);
    }
}
