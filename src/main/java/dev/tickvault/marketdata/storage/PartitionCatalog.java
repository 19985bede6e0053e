package dev.tickvault.marketdata.storage;

import dev.tickvault.marketdata.Timeframe;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What this instance knows of the leaf partitions of {@code market_data.ohlcv}: per timeframe, the ranges
 * {@code [from, to)} by their start. It lets a batch of bars skip the database round trip when every bar
 * already has a partition; it may lag behind the database (another instance made or dropped one), which the
 * write path corrects by asking the database ({@link PartitionService#ensureFor}) and, when a partition it
 * believed in is gone, by reloading. Thread-safe.
 */
final class PartitionCatalog {

    /** A leaf partition: its table, timeframe and range [from, to). */
    record Range(Timeframe timeframe, String table, Instant from, Instant to) {
    }

    private final Map<Timeframe, NavigableMap<Instant, Range>> ranges = new EnumMap<>(Timeframe.class);
    private volatile boolean loaded;

    PartitionCatalog() {
        for (Timeframe tf : Timeframe.values()) {
            ranges.put(tf, new ConcurrentSkipListMap<>());
        }
    }

    /** Whether the catalog has been filled from the database since it was last cleared. */
    boolean loaded() {
        return loaded;
    }

    /**
     * Adds the partitions the database lists, keeping those known already. It never empties the catalog under a
     * reader: the first requests of an instance each load it at once, and a load that cleared first made a
     * concurrent request that had found its partition see none a moment later (a 500 from {@code route}). What
     * it may keep of a partition dropped since is what {@link #clear} is for, before the load that follows it.
     */
    synchronized void load(List<Range> all) {
        all.forEach(this::add);
        loaded = true;
    }

    /** Every partition known now: what a later {@link #reconcile} may find gone. */
    java.util.Set<Range> snapshot() {
        java.util.Set<Range> known = new java.util.HashSet<>();
        ranges.values().forEach(byStart -> known.addAll(byStart.values()));
        return known;
    }

    /**
     * Brings the catalog to a listing of the database taken after {@code before} was: adds what it lists, and
     * forgets the partitions of {@code before} that it no longer lists (dropped meanwhile, by retention on another
     * instance). A partition recorded after the snapshot ({@link #add}, made by a concurrent request) stays even
     * if the listing predates it, and no partition that exists is ever missing in between, so concurrent
     * readers (routing) never find a gap that is not in the database.
     */
    synchronized void reconcile(java.util.Set<Range> before, List<Range> listed) {
        listed.forEach(this::add);
        java.util.Set<Range> still = new java.util.HashSet<>(listed);
        for (Range range : before) {
            if (!still.contains(range)) {
                ranges.get(range.timeframe()).remove(range.from(), range);
            }
        }
        loaded = true;
    }

    /** Records a partition that exists. */
    void add(Range range) {
        ranges.get(range.timeframe()).put(range.from(), range);
    }

    /** Forgets a partition that was dropped. */
    void remove(Timeframe timeframe, Instant from) {
        ranges.get(timeframe).remove(from);
    }

    /** Whether a known partition of {@code timeframe} holds {@code ts}. */
    boolean covers(Timeframe timeframe, Instant ts) {
        return holding(timeframe, ts) != null;
    }

    /** The known partition of {@code timeframe} holding {@code ts}, or {@code null}. */
    Range holding(Timeframe timeframe, Instant ts) {
        Map.Entry<Instant, Range> floor = ranges.get(timeframe).floorEntry(ts);
        return floor != null && ts.isBefore(floor.getValue().to()) ? floor.getValue() : null;
    }

    /** How many partitions of {@code timeframe} are known. */
    int count(Timeframe timeframe) {
        return ranges.get(timeframe).size();
    }
}
