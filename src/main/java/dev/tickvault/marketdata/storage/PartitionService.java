package dev.tickvault.marketdata.storage;

import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Page;
import dev.tickvault.common.Problems;
import dev.tickvault.common.ScheduledFailures;
import dev.tickvault.marketdata.Bar;
import dev.tickvault.marketdata.MarketDataConfig;
import dev.tickvault.marketdata.Timeframe;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The partitions of {@code market_data.ohlcv} (DESIGN 8): every bar of a batch has its partition before the
 * batch is written ({@link #ensureFor}: loading 2000-2020 history makes what it needs in the same request), a
 * scheduled job keeps the current and the next {@code tickvault.partitions.ahead} spans of every timeframe ready,
 * and administrators list them with their sizes. The gauge {@code tickvault_partitions{timeframe}} counts them.
 */
@ApplicationScoped
public class PartitionService {

    private static final Logger LOG = Logger.getLogger(PartitionService.class);

    private final PartitionRepository repository;
    private final PartitionCatalog catalog = new PartitionCatalog();
    private final Map<Timeframe, PartitionSpan> spans = new EnumMap<>(Timeframe.class);
    private final int ahead;

    public PartitionService(PartitionRepository repository, MarketDataConfig config, MeterRegistry registry) {
        this.repository = repository;
        this.ahead = Math.max(0, config.partitions().ahead());
        for (Timeframe tf : Timeframe.values()) {
            String configured = config.partitions().span().get(tf.code());
            spans.put(tf, configured == null ? PartitionSpan.defaultFor(tf) : PartitionSpan.of(configured)
                    .orElseThrow(() -> new IllegalArgumentException("tickvault.partitions.span." + tf.code()
                            + " must be day, week, month, year or decade, not '" + configured + "'")));
            Gauge.builder("tickvault.partitions", catalog, c -> c.count(tf))
                    .description("Leaf partitions of market_data.ohlcv known to this instance").tag("timeframe", tf.code())
                    .register(registry);
        }
    }

    /** The span new partitions of {@code timeframe} get. */
    public PartitionSpan span(Timeframe timeframe) {
        return spans.get(timeframe);
    }

    /**
     * Makes sure every bar's (timeframe, ts) falls in a partition: the spans this instance does not know of are
     * asked of the database in one statement, which creates what is missing (concurrency-safe across instances).
     *
     * @return completes once every bar has its partition; fails with the database's failure (a problem)
     */
    public Uni<Void> ensureFor(List<Bar> bars) {
        return loaded().chain(() -> {
            Set<PartitionRepository.Request> missing = new LinkedHashSet<>();
            Timeframe lastTf = null;
            Instant lastStart = null;
            PartitionCatalog.Range known = null;
            for (Bar bar : bars) {
                Timeframe tf = Timeframe.of(bar.timeframe()).orElseThrow();
                // Batches come in key order: the previous bar's partition most often holds this one too.
                if (known != null && known.timeframe() == tf && !bar.ts().isBefore(known.from())
                        && bar.ts().isBefore(known.to())) {
                    continue;
                }
                PartitionCatalog.Range holding = catalog.holding(tf, bar.ts());
                if (holding != null) {
                    known = holding;
                    continue;
                }
                PartitionSpan span = spans.get(tf);
                Instant start = span.start(bar.ts());
                // Batches come in key order: consecutive bars of one span are the common case.
                if (tf != lastTf || !start.equals(lastStart)) {
                    missing.add(new PartitionRepository.Request(tf, start, span));
                    lastTf = tf;
                    lastStart = start;
                }
            }
            return ensure(missing);
        });
    }

    /**
     * The bars of a batch grouped by the leaf partition that holds them, partitions in (timeframe, range) order
     * and bars in their order within each: the order in which a write takes row locks. Every bar must have its
     * partition ({@link #ensureFor} first).
     *
     * @throws IllegalStateException when a bar has no known partition
     */
    public List<PartitionedBatch> route(List<Bar> bars) {
        java.util.TreeMap<PartitionCatalog.Range, List<Bar>> byPartition = new java.util.TreeMap<>(
                Comparator.comparing((PartitionCatalog.Range r) -> r.timeframe().ordinal())
                        .thenComparing(PartitionCatalog.Range::from));
        PartitionCatalog.Range last = null;
        for (Bar bar : bars) {
            Timeframe tf = Timeframe.of(bar.timeframe()).orElseThrow();
            PartitionCatalog.Range range = last != null && last.timeframe() == tf && !bar.ts().isBefore(last.from())
                    && bar.ts().isBefore(last.to()) ? last : catalog.holding(tf, bar.ts());
            if (range == null) {
                throw new IllegalStateException("No partition known for a " + tf.code() + " bar at " + bar.ts());
            }
            byPartition.computeIfAbsent(range, r -> new ArrayList<>()).add(bar);
            last = range;
        }
        List<PartitionedBatch> out = new ArrayList<>(byPartition.size());
        byPartition.forEach((range, slice) -> out.add(new PartitionedBatch(range.table(), slice)));
        return out;
    }

    /**
     * Asks the database again which partitions exist (one this instance believed in was not there: another
     * instance dropped it), so that the next {@link #ensureFor} makes what is missing. Requests routing meanwhile
     * keep every partition that exists ({@link PartitionCatalog#reconcile}).
     */
    public Uni<Void> reload() {
        return Uni.createFrom().item(catalog::snapshot)
                .chain(before -> repository.all().invoke(listed -> catalog.reconcile(before, listed)))
                .replaceWithVoid();
    }

    /** Records the partitions retention dropped. */
    void dropped(Timeframe timeframe, Instant from) {
        catalog.remove(timeframe, from);
    }

    /**
     * Keeps the current span and the next {@code tickvault.partitions.ahead} of every timeframe ready, and
     * reloads what this instance knows (the gauges included) from the database. A Uni-returning job runs on an
     * event loop and blocks nothing.
     */
    @Scheduled(every = "${tickvault.partitions.maintenance-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> maintain() {
        return prepareAhead(Instant.now())
                .onFailure().invoke(e -> ScheduledFailures.log(LOG, "Partition maintenance", e))
                .onFailure().recoverWithNull();
    }

    /** Makes the spans of every timeframe holding {@code now} and the {@code ahead} after it; reloads the catalog. */
    Uni<Void> prepareAhead(Instant now) {
        return repository.all().invoke(catalog::load).chain(() -> {
            Set<PartitionRepository.Request> wanted = new LinkedHashSet<>();
            for (Timeframe tf : Timeframe.values()) {
                PartitionSpan span = spans.get(tf);
                Instant start = span.start(now);
                for (int i = 0; i <= ahead; i++) {
                    if (!catalog.covers(tf, start)) {
                        wanted.add(new PartitionRepository.Request(tf, start, span));
                    }
                    start = span.next(start);
                }
            }
            return ensure(wanted);
        });
    }

    /**
     * A page of partitions in (timeframe, range start) order: {@code {"data":[...],"nextCursor"}}.
     *
     * @param timeframe one timeframe's, or every timeframe's when null
     */
    public Uni<Page<PartitionView>> list(Timeframe timeframe, int limit, KeysetCursor cursor) {
        Timeframe afterTf = cursor == null ? null : Timeframe.of(cursor.key())
                .orElseThrow(() -> Problems.badRequest("Query parameter 'cursor' is not a valid cursor"));
        return repository.page(timeframe, afterTf, cursor == null ? null : cursor.ts(), Page.fetchSize(limit))
                .map(rows -> Page.of(rows.stream().map(PartitionView::of).toList(), limit,
                        last -> KeysetCursor.after(last.from(), last.timeframe(), false)));
    }

    private Uni<Void> loaded() {
        return catalog.loaded() ? Uni.createFrom().voidItem() : repository.all().invoke(catalog::load).replaceWithVoid();
    }

    private Uni<Void> ensure(Set<PartitionRepository.Request> requests) {
        if (requests.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // One order for every caller, so that concurrent callers take the per-timeframe locks alike.
        List<PartitionRepository.Request> sorted = new ArrayList<>(requests);
        sorted.sort(Comparator.comparing((PartitionRepository.Request r) -> r.timeframe().ordinal())
                .thenComparing(PartitionRepository.Request::ts));
        return repository.ensure(sorted).invoke(ensured -> ensured.forEach(e -> {
            catalog.add(e.range());
            if (e.created()) {
                LOG.infof("Partition %s created for %s bars in [%s, %s)", e.range().table(),
                        e.range().timeframe().code(), e.range().from(), e.range().to());
            }
        })).replaceWithVoid();
    }
}
