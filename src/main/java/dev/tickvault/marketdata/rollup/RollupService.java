package dev.tickvault.marketdata.rollup;

import dev.tickvault.common.Problems;
import dev.tickvault.common.ScheduledFailures;
import dev.tickvault.marketdata.GapFill;
import dev.tickvault.marketdata.MarketDataConfig;
import dev.tickvault.marketdata.Timeframe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Rollups (DESIGN 8): declared per source timeframe and bucket ({@code 1m/1h}), kept incrementally by a
 * scheduled refresh that re-aggregates only the buckets the bars' writes listed as dirty and the buckets past the
 * watermark, never the whole rollup, and moves the watermark up to the newest complete bucket (the start of the
 * bucket holding now). Resample reads them through {@link #matching} and the repository's one-snapshot statement,
 * so its answer never depends on how far a refresh has got. Metrics per rollup: {@code tickvault_rollup_lag_seconds},
 * {@code tickvault_rollup_rows}, {@code tickvault_rollup_refresh_seconds} (each refresh run) and
 * {@code tickvault_rollup_refreshed_buckets_total}.
 */
@ApplicationScoped
public class RollupService {

    private static final Logger LOG = Logger.getLogger(RollupService.class);
    /**
     * The lower bound of "every bar": the reactive client sends {@code OffsetDateTime.MIN} as PostgreSQL's
     * earliest timestamp.
     */
    private static final OffsetDateTime EVER = OffsetDateTime.MIN;

    private final RollupRepository repository;
    private final MeterRegistry registry;
    private final int chunkBuckets;
    private final int dirtyBatch;
    /** The declared rollups as last read ({@code source/bucket}): only a hint for resample, never its answer. */
    private volatile Set<String> declared = Set.of();
    private final Map<String, Meters> meters = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    /** One rollup's meters and the values its gauges read. */
    private static final class Meters {
        volatile double lag;
        volatile double rows;
        List<Meter> all = new ArrayList<>();
        Timer refresh;
        Counter buckets;
    }

    public RollupService(RollupRepository repository, MarketDataConfig config, MeterRegistry registry) {
        this.repository = repository;
        this.registry = registry;
        this.chunkBuckets = config.rollups().chunkBuckets();
        this.dirtyBatch = config.rollups().dirtyBatch();
    }

    /**
     * The bucket code of a declared rollup of {@code tf} whose buckets are {@code bucketSeconds} wide, if any
     * ({@code P1D} matches the {@code 1d} rollup). Read from memory, refreshed by every job run and by this
     * instance's changes: a rollup declared or removed on another instance is seen within one refresh interval,
     * and either way the answer of resample is the same (the statement reads the rollup's watermark itself).
     */
    public Optional<String> matching(Timeframe tf, long bucketSeconds) {
        for (Timeframe bucket : Timeframe.values()) {
            if (bucket.seconds() == bucketSeconds && declared.contains(tf.code() + "/" + bucket.code())) {
                return Optional.of(bucket.code());
            }
        }
        return Optional.empty();
    }

    /** Every rollup with its state, by source then bucket timeframe. */
    public Uni<List<RollupView>> list() {
        return repository.list().map(views -> {
            List<RollupView> sorted = new ArrayList<>(views);
            sorted.sort(Comparator.comparing((RollupView v) -> Timeframe.of(v.source()).orElseThrow())
                    .thenComparing(v -> Timeframe.of(v.bucket()).orElseThrow()));
            return sorted;
        });
    }

    /** One rollup; empty when not declared (404). */
    public Uni<Optional<RollupView>> one(Timeframe source, Timeframe bucket) {
        return repository.one(source.code(), bucket.code());
    }

    /** A declared rollup and whether this call declared it. */
    public record Declared(RollupView rollup, boolean created) {
    }

    /**
     * Declares the rollup of {@code source} bars into {@code bucket} buckets, and refreshes it at once (in the
     * background: the answer does not wait for it). Declaring it again changes nothing.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 when {@code bucket} is not wider than {@code source}
     */
    public Uni<Declared> put(Timeframe source, Timeframe bucket) {
        if (bucket.seconds() <= source.seconds()) {
            throw Problems.badRequest("A rollup's bucket must be wider than its source: " + bucket.code()
                    + " is not wider than " + source.code());
        }
        return repository.insert(source.code(), bucket.code(), bucket.seconds())
                .call(created -> loadDeclared())
                .chain(created -> repository.one(source.code(), bucket.code())
                        .map(view -> new Declared(view.orElseThrow(), created)))
                .invoke(() -> run().subscribe().with(ignored -> { }, e -> ScheduledFailures.log(LOG, "Rollup refresh", e)));
    }

    /** Removes a rollup with its buckets; false when it was not declared (404). */
    public Uni<Boolean> delete(Timeframe source, Timeframe bucket) {
        return repository.delete(source.code(), bucket.code()).call(deleted -> loadDeclared());
    }

    /** The scheduled refresh of every rollup. A Uni-returning job runs on an event loop and blocks nothing. */
    @Scheduled(every = "${tickvault.rollups.refresh-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().onFailure().invoke(e -> ScheduledFailures.log(LOG, "Rollup refresh", e))
                .onFailure().recoverWithNull();
    }

    /**
     * Refreshes every rollup, one after the other, then updates the metrics. One run at a time on this
     * instance; a call during a run makes it go round once more. Across instances a rollup is refreshed by one
     * at a time (its row is locked, the others skip it).
     */
    public Uni<Void> run() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return Uni.createFrom().voidItem();
        }
        return runOnce().eventually(() -> {
            running.set(false);
            if (again.getAndSet(false)) {
                return run();
            }
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> runOnce() {
        return list().chain(views -> {
            declared = views.stream().map(RollupView::name).collect(java.util.stream.Collectors.toUnmodifiableSet());
            return Multi.createFrom().iterable(views).onItem().transformToUniAndConcatenate(view -> {
                long started = System.nanoTime();
                return refresh(view.source(), view.bucket(), 0).invoke(buckets -> {
                    Meters m = meters(view.name());
                    m.refresh.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    m.buckets.increment(buckets);
                });
            }).collect().last();
        }).chain(this::publish);
    }

    /** Reads every rollup's state into its gauges; removes the meters of rollups no longer declared. */
    private Uni<Void> publish() {
        return list().invoke(views -> {
            Set<String> names = new java.util.HashSet<>();
            for (RollupView view : views) {
                names.add(view.name());
                Meters m = meters(view.name());
                m.lag = view.lagSeconds();
                m.rows = view.rows();
            }
            for (String name : List.copyOf(meters.keySet())) {
                if (!names.contains(name)) {
                    meters.remove(name).all.forEach(registry::remove);
                }
            }
            declared = Set.copyOf(names);
        }).replaceWithVoid();
    }

    private Meters meters(String name) {
        return meters.computeIfAbsent(name, n -> {
            Meters m = new Meters();
            m.all.add(Gauge.builder("tickvault.rollup.lag.seconds", m, x -> x.lag).tag("rollup", n)
                    .description("How long the oldest change a rollup does not reflect yet has waited").register(registry));
            m.all.add(Gauge.builder("tickvault.rollup.rows", m, x -> x.rows).tag("rollup", n)
                    .description("Buckets kept by a rollup").register(registry));
            m.refresh = Timer.builder("tickvault.rollup.refresh").tag("rollup", n)
                    .description("Refresh runs of a rollup").register(registry);
            m.buckets = Counter.builder("tickvault.rollup.refreshed.buckets").tag("rollup", n)
                    .description("Buckets a rollup's refreshes wrote or removed").register(registry);
            m.all.add(m.refresh);
            m.all.add(m.buckets);
            return m;
        });
    }

    private Uni<Void> loadDeclared() {
        return repository.list().invoke(views -> declared = views.stream().map(RollupView::name)
                .collect(java.util.stream.Collectors.toUnmodifiableSet())).replaceWithVoid();
    }

    /**
     * Refreshes one rollup in transactions of at most {@code tickvault.rollups.dirty-batch} dirty buckets and
     * {@code tickvault.rollups.chunk-buckets} buckets past the watermark, until no dirty bucket is left and the
     * watermark has reached the newest complete bucket.
     *
     * @return the buckets written or removed so far
     */
    private Uni<Long> refresh(String source, String bucket, long done) {
        long started = System.nanoTime();
        return repository.pool().withTransaction(tx -> repository.lock(tx, source, bucket).chain(locked -> {
            if (locked.isEmpty()) {
                return Uni.createFrom().item(new Step(0, false));
            }
            long seconds = locked.get().bucketSeconds();
            OffsetDateTime watermark = locked.get().watermark();
            Instant newest = GapFill.bucketStart(Instant.now(), seconds);
            return repository.takeDirty(tx, source, bucket, dirtyBatch).chain(taken -> {
                // Buckets at or past the watermark are aggregated when it passes them, from the bars then stored.
                List<RollupRepository.Dirty> below = watermark == null ? List.of()
                        : taken.stream().filter(d -> d.bucketTs().isBefore(watermark)).toList();
                boolean moreDirty = taken.size() == dirtyBatch;
                return repository.reaggregate(tx, source, bucket, seconds, below).chain(fixed -> {
                    if (watermark != null && !watermark.toInstant().isBefore(newest)) {
                        return repository.move(tx, source, bucket, watermark.toInstant(), fixed.delta(),
                                millisSince(started)).replaceWith(new Step(fixed.buckets(), moreDirty));
                    }
                    return repository.nextBar(tx, source, watermark == null ? EVER : watermark).chain(next -> {
                        Instant first = next.map(t -> GapFill.bucketStart(t, seconds)).orElse(newest);
                        if (!first.isBefore(newest)) {
                            // No bar before the newest complete bucket: the watermark moves up to it.
                            return repository.move(tx, source, bucket, newest, fixed.delta(), millisSince(started))
                                    .replaceWith(new Step(fixed.buckets(), moreDirty));
                        }
                        Instant from = watermark == null || first.isAfter(watermark.toInstant()) ? first
                                : watermark.toInstant();
                        Instant to = from.plusSeconds(Math.multiplyExact(seconds, (long) chunkBuckets));
                        Instant until = to.isBefore(newest) ? to : newest;
                        return repository.advance(tx, source, bucket, seconds, from, until).chain(added -> repository
                                .move(tx, source, bucket, until, fixed.delta() + added.delta(), millisSince(started))
                                .replaceWith(new Step(fixed.buckets() + added.buckets(),
                                        moreDirty || until.isBefore(newest))));
                    });
                });
            });
        })).chain(step -> step.more() ? refresh(source, bucket, done + step.buckets())
                : Uni.createFrom().item(done + step.buckets()));
    }

    /** What one refresh transaction did, and whether another is due. */
    private record Step(long buckets, boolean more) {
    }

    private static double millisSince(long started) {
        return (System.nanoTime() - started) / 1e6;
    }
}
