package dev.tickvault.marketdata.ingest;

import dev.tickvault.common.Fault;
import dev.tickvault.common.Faults;
import dev.tickvault.marketdata.Bar;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batch rules: key order and no key twice. */
class BarBatchTest {

    private static Bar bar(String symbol, String timeframe, String ts) {
        BigDecimal one = BigDecimal.ONE;
        return new Bar(symbol, timeframe, Instant.parse(ts), one, one, one, one, 1, null, null, null);
    }

    @Test
    void barsInKeyOrderAreRecognisedAsSuch() {
        assertTrue(BarBatch.isStrictlyAscending(List.of(bar("A", "1d", "2024-01-02T00:00:00Z"),
                bar("A", "1d", "2024-01-03T00:00:00Z"), bar("A", "1h", "2024-01-01T00:00:00Z"),
                bar("B", "1d", "2020-01-01T00:00:00Z"))));
        assertFalse(BarBatch.isStrictlyAscending(List.of(bar("B", "1d", "2024-01-02T00:00:00Z"),
                bar("A", "1d", "2024-01-03T00:00:00Z"))));
        // The same key twice is not ascending: duplicates are then looked for.
        assertFalse(BarBatch.isStrictlyAscending(List.of(bar("A", "1d", "2024-01-02T00:00:00Z"),
                bar("A", "1d", "2024-01-02T00:00:00Z"))));
        // A bar that failed its rules leaves a gap.
        assertFalse(BarBatch.isStrictlyAscending(Arrays.asList(bar("A", "1d", "2024-01-02T00:00:00Z"), null)));
    }

    @Test
    void keysCompareBySymbolThenTimeframeThenTs() {
        List<Bar> bars = new ArrayList<>(List.of(bar("B", "1d", "2024-01-01T00:00:00Z"),
                bar("A", "1h", "2024-01-01T00:00:00Z"), bar("A", "1d", "2024-01-05T00:00:00Z"),
                bar("A", "1d", "2024-01-02T00:00:00Z")));
        bars.sort(BarBatch::compareKeys);
        assertEquals(List.of("A 1d 2024-01-02T00:00:00Z", "A 1d 2024-01-05T00:00:00Z", "A 1h 2024-01-01T00:00:00Z",
                "B 1d 2024-01-01T00:00:00Z"), bars.stream().map(b -> b.symbol() + " " + b.timeframe() + " " + b.ts())
                .toList());
    }

    @Test
    void aRepeatedKeyIsReportedAgainstTheFirstBarByPointer() {
        Faults faults = new Faults();
        BarBatch.checkDuplicates(Arrays.asList(bar("A", "1d", "2024-01-03T00:00:00Z"), null,
                bar("A", "1d", "2024-01-02T00:00:00Z"), bar("A", "1d", "2024-01-03T00:00:00Z")), List.of(), faults);
        assertEquals(1, faults.total());
        Fault fault = faults.list().get(0);
        assertEquals("/3/ts", fault.pointer());
        assertEquals("same symbol, timeframe and ts as /0 in this batch", fault.message());
    }

    @Test
    void aRepeatedKeyIsReportedAgainstTheFirstBarByLine() {
        Faults faults = new Faults();
        BarBatch.checkDuplicates(List.of(bar("A", "1d", "2024-01-03T00:00:00Z"),
                bar("A", "1d", "2024-01-03T00:00:00Z")), List.of(2L, 5L), faults);
        Fault fault = faults.list().get(0);
        assertEquals(5L, fault.line());
        assertEquals("ts", fault.field());
        assertEquals("same symbol, timeframe and ts as line 2 in this batch", fault.message());
    }
}
