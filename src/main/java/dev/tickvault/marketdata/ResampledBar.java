package dev.tickvault.marketdata;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One bucket of a resample: first open, highest high, lowest low, last close, summed volume, the
 * volume-weighted average price ({@code null} when the bucket traded no volume) and how many source
 * bars it holds. {@code ts} is the bucket's start in UTC; {@code bucket} the width asked for.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@RegisterForReflection
public record ResampledBar(String symbol, String bucket, Instant ts, BigDecimal open, BigDecimal high,
        BigDecimal low, BigDecimal close, long volume, BigDecimal vwap, long barCount) {
}
