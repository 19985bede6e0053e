package dev.tickvault.marketdata.storage;

import java.time.Instant;

/**
 * A retention policy on the wire: {@code {"timeframe","keep","updatedAt"}}, {@code keep} an ISO-8601 duration
 * ({@code P2Y}, {@code P90D}, {@code PT12H}): the partitions of {@code timeframe} lying wholly before
 * {@code now - keep} are dropped.
 */
public record RetentionPolicy(String timeframe, String keep, Instant updatedAt) {

    static RetentionPolicy of(PartitionRepository.PolicyRow row) {
        return new RetentionPolicy(row.timeframe().code(), row.keep(), row.updatedAt());
    }
}
