package dev.tickvault.marketdata.rollup;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * A rollup on the wire: its {@code source} timeframe and {@code bucket}, the {@code watermark} (every bucket
 * starting before it is kept in the rollup; {@code null} before the first refresh), {@code lagSeconds} (how long
 * the oldest change the rollup does not reflect yet has waited: a bucket past the watermark that has ended, or a
 * dirty bucket below it; 0 when none), {@code pendingBuckets} (dirty buckets below the watermark, served from the
 * bars meanwhile), {@code rows} (buckets kept), {@code lastRefreshAt} and {@code lastRefreshMillis} (the last
 * refresh transaction's time, milliseconds), {@code createdAt}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@RegisterForReflection
@Schema(description = "A rollup of bars into wider buckets and how current it is.",
        requiredProperties = {"source", "bucket", "watermark", "lagSeconds", "pendingBuckets", "rows",
                "lastRefreshAt", "lastRefreshMillis", "createdAt"})
public record RollupView(
        @Schema(description = "Timeframe of the bars rolled up.", enumeration = {"1m", "5m", "15m", "30m", "1h", "4h", "1d", "1w"}, examples = "1m") String source,
        @Schema(description = "Timeframe of the rollup's buckets.", enumeration = {"1m", "5m", "15m", "30m", "1h", "4h", "1d", "1w"}, examples = "1h") String bucket,
        @Schema(description = "Every bucket starting before it is kept in the rollup, RFC 3339 in UTC; null before "
                + "the first refresh.") Instant watermark,
        @Schema(description = "How long the oldest change the rollup does not reflect yet has waited (a bucket past "
                + "the watermark that has ended, or a dirty bucket below it), seconds; 0 when none.", minimum = "0")
        double lagSeconds,
        @Schema(description = "Dirty buckets below the watermark, served from the bars meanwhile; rows.",
                minimum = "0") long pendingBuckets,
        @Schema(description = "Buckets kept in the rollup, rows.", minimum = "0") long rows,
        @Schema(description = "When the last refresh ran, RFC 3339 in UTC; null before the first.")
        Instant lastRefreshAt,
        @Schema(description = "How long the last refresh transaction took, milliseconds; null before the first.")
        Double lastRefreshMillis,
        @Schema(description = "When the rollup was created, RFC 3339 in UTC.") Instant createdAt) {

    /** The rollup's name in metrics and messages: {@code 1m/1h}. */
    public String name() {
        return source + "/" + bucket;
    }
}
