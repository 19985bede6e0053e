package dev.tickvault.marketdata.storage;

import java.time.Instant;

/**
 * A partition retention dropped: {@code {"timeframe","name","from","to","bars"}}, {@code bars} the rows it held.
 */
public record DroppedPartition(String timeframe, String name, Instant from, Instant to, long bars) {
}
