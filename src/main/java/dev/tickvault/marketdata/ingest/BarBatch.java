package dev.tickvault.marketdata.ingest;

import dev.tickvault.common.Fault;
import dev.tickvault.common.Faults;
import dev.tickvault.marketdata.Bar;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of DESIGN 3 for a batch as a whole: no two bars share a primary key (symbol, timeframe, ts),
 * and the key order writes lock rows in.
 */
final class BarBatch {

    private BarBatch() {
    }

    /**
     * Whether every bar is present (no row failed its rules) and its key is above the previous bar's. Batches
     * usually come in key order: one pass then proves there is no duplicate, without a map of keys.
     */
    static boolean isStrictlyAscending(List<Bar> bars) {
        Bar previous = null;
        for (Bar bar : bars) {
            if (bar == null) {
                return false;
            }
            if (previous != null && compareKeys(previous, bar) >= 0) {
                return false;
            }
            previous = bar;
        }
        return true;
    }

    /** The order of the bars' primary key (symbol, timeframe, ts), the order writes lock rows in. */
    static int compareKeys(Bar a, Bar b) {
        // The same String more often than not (a batch of one series; a timeframe's code is a constant).
        int c = a.symbol() == b.symbol() ? 0 : a.symbol().compareTo(b.symbol());
        if (c == 0 && a.timeframe() != b.timeframe()) {
            c = a.timeframe().compareTo(b.timeframe());
        }
        return c != 0 ? c : a.ts().compareTo(b.ts());
    }

    /**
     * Adds a fault on {@code ts} for every bar whose key an earlier bar of the batch already has, naming that
     * bar: by JSON pointer when {@code lines} is empty, else by line ({@code lines.get(i)} is bar i's line).
     * Bars that failed their own rules ({@code null}) are skipped.
     */
    static void checkDuplicates(List<Bar> bars, List<Long> lines, Faults faults) {
        Map<BarKey, Integer> seen = new HashMap<>(bars.size() * 2);
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            if (bar == null) {
                continue;
            }
            Integer first = seen.putIfAbsent(new BarKey(bar.symbol(), bar.timeframe(), bar.ts()), i);
            if (first != null) {
                if (lines.isEmpty()) {
                    faults.add(Fault.at("/" + i + "/ts", "ts",
                            "same symbol, timeframe and ts as /" + first + " in this batch"));
                } else {
                    faults.add(Fault.onLine(lines.get(i), "ts",
                            "same symbol, timeframe and ts as line " + lines.get(first) + " in this batch"));
                }
            }
        }
    }

    /** A bar's primary key. */
    record BarKey(String symbol, String timeframe, Instant ts) {
    }
}
