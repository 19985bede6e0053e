package dev.tickvault.marketdata.storage;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * A partition retention dropped: {@code {"timeframe","name","from","to","bars"}}, {@code bars} the rows it held.
 */
@Schema(description = "A partition retention dropped, with the bars it held.",
        requiredProperties = {"timeframe", "name", "from", "to", "bars"})
public record DroppedPartition(
        @Schema(description = "Bar length of the partition's bars.", enumeration = {"1m", "5m", "15m", "30m", "1h", "4h", "1d", "1w"}) String timeframe,
        @Schema(description = "The partition table's name (in schema market_data).") String name,
        @Schema(description = "Start of the partition's range (inclusive), RFC 3339 in UTC.") Instant from,
        @Schema(description = "End of the partition's range (exclusive), RFC 3339 in UTC.") Instant to,
        @Schema(description = "Bars the partition held when dropped, rows.", minimum = "0") long bars) {
}
