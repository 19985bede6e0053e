package dev.tickvault.marketdata.storage;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * A retention policy on the wire: {@code {"timeframe","keep","updatedAt"}}, {@code keep} an ISO-8601 duration
 * ({@code P2Y}, {@code P90D}, {@code PT12H}): the partitions of {@code timeframe} lying wholly before
 * {@code now - keep} are dropped.
 */
@Schema(description = "How long the bars of a timeframe are kept: partitions lying wholly before now - keep are "
        + "dropped.", requiredProperties = {"timeframe", "keep", "updatedAt"})
public record RetentionPolicy(
        @Schema(description = "Bar length the policy applies to.", enumeration = {"1m", "5m", "15m", "30m", "1h", "4h", "1d", "1w"}, examples = "1m") String timeframe,
        @Schema(description = "How long bars are kept, an ISO-8601 duration greater than zero (P2Y, P6M, P90D, "
                + "PT12H).", examples = "P90D") String keep,
        @Schema(description = "When the policy was last set, RFC 3339 in UTC.") Instant updatedAt) {

    static RetentionPolicy of(PartitionRepository.PolicyRow row) {
        return new RetentionPolicy(row.timeframe().code(), row.keep(), row.updatedAt());
    }
}
