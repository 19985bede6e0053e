package dev.tickvault.marketdata;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tickvault.common.Symbols;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An OHLCV bar on the wire: prices as exact decimals, {@code ts} the bar's open time in UTC, volume in
 * units. {@code vwap}, {@code tradeCount}, {@code source} and {@code adjClose} (a vendor's adjusted close, such
 * as a Yahoo Finance CSV's {@code Adj Close}, kept as sent) are optional and omitted when absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
@Schema(description = "An OHLCV bar. Prices are exact decimals (NUMERIC(20,8): up to 12 digits before the point and "
        + "8 after, never rounded through a binary float); ts is the bar's open time, RFC 3339 in UTC.",
        requiredProperties = {"symbol", "timeframe", "ts", "open", "high", "low", "close"})
public record Bar(
        @Schema(description = "Instrument symbol, upper-cased when stored.", pattern = Symbols.PATTERN,
                examples = "^GSPC") String symbol,
        @Schema(description = "Bar length.", enumeration = {"1m", "5m", "15m", "30m", "1h", "4h", "1d", "1w"},
                examples = "1d") String timeframe,
        @Schema(description = "Open time of the bar, RFC 3339 in UTC, aligned to the timeframe.",
                examples = "2020-04-17T00:00:00Z") Instant ts,
        @Schema(description = "Opening price, an exact decimal.", examples = "2842.429932") BigDecimal open,
        @Schema(description = "Highest price, an exact decimal; at least open, low and close.",
                examples = "2879.219971") BigDecimal high,
        @Schema(description = "Lowest price, an exact decimal; at most open, high and close.",
                examples = "2830.879883") BigDecimal low,
        @Schema(description = "Closing price, an exact decimal.", examples = "2874.560059") BigDecimal close,
        @Schema(description = "Volume in units (shares, contracts), zero or more; 0 where the source has none.",
                minimum = "0", examples = "5792140000") long volume,
        @Schema(description = "Volume-weighted average price, an exact decimal.") BigDecimal vwap,
        @Schema(description = "Number of trades in the bar, zero or more.", minimum = "0") Long tradeCount,
        @Schema(description = "Where the bar came from (a vendor or feed name).", examples = "yahoo")
        String source,
        @Schema(description = "The vendor's adjusted close as sent (a Yahoo Finance CSV's Adj Close), an exact "
                + "decimal.", examples = "2874.560059") BigDecimal adjClose) {

    /** A bar without a vendor's adjusted close. */
    public Bar(String symbol, String timeframe, Instant ts, BigDecimal open, BigDecimal high, BigDecimal low,
            BigDecimal close, long volume, BigDecimal vwap, Long tradeCount, String source) {
        this(symbol, timeframe, ts, open, high, low, close, volume, vwap, tradeCount, source, null);
    }
}
