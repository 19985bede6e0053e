package dev.tickvault.marketdata;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/** A symbol and, per timeframe, its first and last bar and bar count, as listed by {@code /symbols}. */
@RegisterForReflection
public record SeriesSummary(String symbol, List<Series> timeframes) {

    /** One timeframe of a symbol. */
    @RegisterForReflection
    public record Series(String timeframe, Instant firstTs, Instant lastTs, long barCount) {
    }
}
