package dev.tickvault.marketdata;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tickvault.common.Symbols;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
@Schema(description = "One bucket of a resample. Prices are exact decimals, at most 8 decimal places "
        + "(NUMERIC(20,8)); ts is the bucket's start, RFC 3339 in UTC.",
        requiredProperties = {"symbol", "bucket", "ts", "open", "high", "low", "close", "volume", "vwap",
                "barCount"})
public record ResampledBar(
        @Schema(description = "Instrument symbol, upper-cased.", pattern = Symbols.PATTERN, examples = "^GSPC") String symbol,
        @Schema(description = "The bucket width asked for: a timeframe code or an ISO-8601 duration of weeks, days, "
                + "hours, minutes or seconds.", examples = "1w") String bucket,
        @Schema(description = "Start of the bucket, RFC 3339 in UTC.", examples = "2020-04-13T00:00:00Z") Instant ts,
        @Schema(description = "Open of the bucket's first bar, an exact decimal; null on a filled bucket without a "
                + "price.", examples = "2782.459961") BigDecimal open,
        @Schema(description = "Highest high of the bucket's bars, an exact decimal.", examples = "2879.219971")
        BigDecimal high,
        @Schema(description = "Lowest low of the bucket's bars, an exact decimal.", examples = "2721.169922")
        BigDecimal low,
        @Schema(description = "Close of the bucket's last bar, an exact decimal.", examples = "2874.560059")
        BigDecimal close,
        @Schema(description = "Summed volume of the bucket's bars, in units; 0 on a filled bucket.", minimum = "0",
                examples = "27017230000")
        long volume,
        @Schema(description = "Volume-weighted average price, an exact decimal; null when the bucket traded no "
                + "volume.") BigDecimal vwap,
        @Schema(description = "Source bars in the bucket, rows.", minimum = "0", examples = "5") long barCount,
        @Schema(description = "Present only with a fill: true for a bucket without bars.")
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean filled,
        @Schema(description = "Present, true, only on a bucket read from a rollup whose source bars retention has "
                + "dropped.") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean rollupOnly) {

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
