package dev.tickvault.marketdata;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An OHLCV bar on the wire: prices as exact decimals, {@code ts} the bar's open time in UTC, volume in
 * units. {@code vwap}, {@code tradeCount}, {@code source} and {@code adjClose} (a vendor's adjusted close, such
 * as a Yahoo Finance CSV's {@code Adj Close}, kept as sent) are optional and omitted when absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record Bar(String symbol, String timeframe, Instant ts, BigDecimal open, BigDecimal high, BigDecimal low,
        BigDecimal close, long volume, BigDecimal vwap, Long tradeCount, String source, BigDecimal adjClose) {

    /** A bar without a vendor's adjusted close. */
    public Bar(String symbol, String timeframe, Instant ts, BigDecimal open, BigDecimal high, BigDecimal low,
            BigDecimal close, long volume, BigDecimal vwap, Long tradeCount, String source) {
        this(symbol, timeframe, ts, open, high, low, close, volume, vwap, tradeCount, source, null);
    }
}
