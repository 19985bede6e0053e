package dev.tickvault.marketdata.rollup;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

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
public record RollupView(String source, String bucket, Instant watermark, double lagSeconds, long pendingBuckets,
        long rows, Instant lastRefreshAt, Double lastRefreshMillis, Instant createdAt) {

    /** The rollup's name in metrics and messages: {@code 1m/1h}. */
    public String name() {
        return source + "/" + bucket;
    }
}
