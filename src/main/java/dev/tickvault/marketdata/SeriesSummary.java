package dev.tickvault.marketdata;

import dev.tickvault.common.Symbols;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A symbol and, per timeframe, its first and last bar and bar count, as listed by {@code /symbols}. */
@RegisterForReflection
@Schema(description = "A symbol and the series stored for it, one per timeframe.",
        requiredProperties = {"symbol", "timeframes"})
public record SeriesSummary(
        @Schema(description = "Instrument symbol, upper-cased.", pattern = Symbols.PATTERN, examples = "^GSPC") String symbol,
        @Schema(description = "One entry per timeframe with bars.") List<Series> timeframes) {

    /** One timeframe of a symbol. */
    @RegisterForReflection
    @Schema(description = "The bars of one timeframe of a symbol.",
            requiredProperties = {"timeframe", "firstTs", "lastTs", "barCount"})
    public record Series(
            @Schema(description = "Bar length.", enumeration = {"1m", "5m", "15m", "30m", "1h", "4h", "1d", "1w"}, examples = "1d") String timeframe,
            @Schema(description = "Open time of the first bar, RFC 3339 in UTC.", examples = "2000-01-03T00:00:00Z")
            Instant firstTs,
            @Schema(description = "Open time of the last bar, RFC 3339 in UTC.", examples = "2020-04-17T00:00:00Z")
            Instant lastTs,
            @Schema(description = "Bars stored, rows.", minimum = "0", examples = "5105") long barCount) {
    }
}
