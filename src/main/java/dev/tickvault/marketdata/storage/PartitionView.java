package dev.tickvault.marketdata.storage;

import java.time.Instant;

/**
 * A leaf partition on the wire: {@code {"timeframe","name","from","to","rowEstimate","sizeBytes"}}: its bars are
 * those of {@code timeframe} with {@code from <= ts < to} (UTC); {@code rowEstimate} is PostgreSQL's estimate,
 * never a count; {@code sizeBytes} covers the table, its index and TOAST.
 */
public record PartitionView(String timeframe, String name, Instant from, Instant to, long rowEstimate,
        long sizeBytes) {

    /** The view of a listed partition. */
    static PartitionView of(PartitionRepository.PartitionRow row) {
        return new PartitionView(row.timeframe().code(), row.table(), row.from(), row.to(), row.rowEstimate(),
                row.sizeBytes());
    }
}
