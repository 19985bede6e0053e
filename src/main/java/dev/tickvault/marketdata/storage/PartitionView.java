package dev.tickvault.marketdata.storage;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * A leaf partition on the wire: {@code {"timeframe","name","from","to","rowEstimate","sizeBytes"}}: its bars are
 * those of {@code timeframe} with {@code from <= ts < to} (UTC); {@code rowEstimate} is PostgreSQL's estimate,
 * never a count; {@code sizeBytes} covers the table, its index and TOAST.
 */
@Schema(description = "A leaf partition of the bars: those of timeframe with from <= ts < to.",
        requiredProperties = {"timeframe", "name", "from", "to", "rowEstimate", "sizeBytes"})
public record PartitionView(
        @Schema(description = "Bar length of the partition's bars.", enumeration = {"1m", "5m", "15m", "30m", "1h", "4h", "1d", "1w"}) String timeframe,
        @Schema(description = "The partition table's name (in schema market_data).") String name,
        @Schema(description = "Start of the partition's range (inclusive), RFC 3339 in UTC.") Instant from,
        @Schema(description = "End of the partition's range (exclusive), RFC 3339 in UTC.") Instant to,
        @Schema(description = "PostgreSQL's estimate of the rows held (reltuples once the table was vacuumed or "
                + "analysed, the live-row count before), never a count; rows.", minimum = "0")
        long rowEstimate,
        @Schema(description = "Size of the table, its indexes and TOAST, bytes.", minimum = "0") long sizeBytes) {

    /** The view of a listed partition. */
    static PartitionView of(PartitionRepository.PartitionRow row) {
        return new PartitionView(row.timeframe().code(), row.table(), row.from(), row.to(), row.rowEstimate(),
                row.sizeBytes());
    }
}
