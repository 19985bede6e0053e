package dev.tickvault.marketdata.storage;

import dev.tickvault.marketdata.Bar;

import java.util.List;

/**
 * The bars of a batch that one leaf partition holds: the partition's table ({@code ohlcv_1m_20240101T000000}) and
 * its bars, in primary-key order.
 */
public record PartitionedBatch(String table, List<Bar> bars) {
}
