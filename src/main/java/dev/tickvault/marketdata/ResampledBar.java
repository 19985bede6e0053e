package dev.tickvault.marketdata;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One bucket of a resample: first open, highest high, lowest low, last close, summed volume, the
 * volume-weighted average price ({@code null} when the bucket traded no volume) and how many source
 * bars it holds. {@code ts} is the bucket's start in UTC; {@code bucket} the width asked for.
 * {@code filled} is present only with a {@link Fill}: {@code true} for a bucket without bars. {@code rollupOnly}
 * is present, {@code true}, only on a bucket read from a rollup whose source bars are no longer stored (dropped
 * by retention).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@RegisterForReflection
public record ResampledBar(String symbol, String bucket, Instant ts, BigDecimal open, BigDecimal high,
        BigDecimal low, BigDecimal close, long volume, BigDecimal vwap, long barCount,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean filled,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean rollupOnly) {

    /** A bucket with bars, as a plain resample answers it. */
    public ResampledBar(String symbol, String bucket, Instant ts, BigDecimal open, BigDecimal high, BigDecimal low,
            BigDecimal close, long volume, BigDecimal vwap, long barCount) {
        this(symbol, bucket, ts, open, high, low, close, volume, vwap, barCount, null, null);
    }

    /** A bucket without bars: {@code price} (or nothing) as open, high, low and close, no volume. */
    public static ResampledBar filled(String symbol, String bucket, Instant ts, BigDecimal price) {
        return new ResampledBar(symbol, bucket, ts, price, price, price, price, 0, null, 0, true, null);
    }

    /** This bucket with its {@code filled} flag set. */
    public ResampledBar withFilled(boolean value) {
        return new ResampledBar(symbol, bucket, ts, open, high, low, close, volume, vwap, barCount, value, rollupOnly);
    }
}
