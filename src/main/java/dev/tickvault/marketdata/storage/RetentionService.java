package dev.tickvault.marketdata.storage;

import dev.tickvault.auth.AuditLog;
import dev.tickvault.common.DatabaseFailures;
import dev.tickvault.common.Problems;
import dev.tickvault.common.ScheduledFailures;
import dev.tickvault.marketdata.MarketDataConfig;
import dev.tickvault.marketdata.Timeframe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Retention (DESIGN 8): per timeframe, how long bars are kept ({@code keep}, an ISO-8601 duration), and the job
 * that drops every partition lying wholly before {@code now - keep}. A partition straddling the horizon stays
 * until all of it has passed, so some bars older than {@code keep} remain for up to one partition span. A drop
 * detaches the partition, folds its bars out of the series summary and drops the table in one transaction
 * ({@code market_data.drop_ohlcv_partition}); other timeframes are never touched. Each drop is written to the
 * audit log ({@code partition_dropped}) and counted in {@code tickvault_partitions_dropped_total{timeframe}}.
 */
@ApplicationScoped
public class RetentionService {

    private static final Logger LOG = Logger.getLogger(RetentionService.class);
    /** The audit log's event for a dropped partition. */
    public static final String DROPPED_EVENT = "partition_dropped";

    private final PartitionRepository repository;
    private final PartitionService partitions;
    private final AuditLog audit;
    private final int lockTimeoutMillis;
    private final Map<Timeframe, Counter> droppedTotal = new EnumMap<>(Timeframe.class);
    private final AtomicBoolean running = new AtomicBoolean();
    /** A run was asked for while one was under way: the current run goes round once more. */
    private final AtomicBoolean again = new AtomicBoolean();

    public RetentionService(PartitionRepository repository, PartitionService partitions, AuditLog audit,
            MarketDataConfig config, MeterRegistry registry) {
        this.repository = repository;
        this.partitions = partitions;
        this.audit = audit;
        this.lockTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, config.retention().lockTimeout().toMillis());
        for (Timeframe tf : Timeframe.values()) {
            droppedTotal.put(tf, Counter.builder("tickvault.partitions.dropped")
                    .description("Partitions of market_data.ohlcv dropped by retention").tag("timeframe", tf.code())
                    .register(registry));
        }
    }

    /** Every policy, by timeframe. */
    public Uni<List<RetentionPolicy>> policies() {
        return repository.policies().map(rows -> rows.stream().map(RetentionPolicy::of).toList());
    }

    /** One timeframe's policy; empty when it has none (404). */
    public Uni<Optional<RetentionPolicy>> policy(Timeframe timeframe) {
        return repository.policy(timeframe).map(row -> row.map(RetentionPolicy::of));
    }

    /**
     * Sets a timeframe's policy and applies it at once: the drop runs in the background right after, so the
     * partitions past the new horizon are gone within seconds, not at the next scheduled run.
     *
     * @param keep an ISO-8601 duration greater than zero: {@code P2Y}, {@code P6M}, {@code P90D}, {@code PT12H}
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 422 when {@code keep} is not such a duration
     */
    public Uni<RetentionPolicy> put(Timeframe timeframe, String keep) {
        String checked = checkKeep(keep);
        return repository.putPolicy(timeframe, checked).map(RetentionPolicy::of).invoke(policy ->
                run(timeframe, null).subscribe().with(dropped -> { },
                        e -> ScheduledFailures.log(LOG, "Retention of " + timeframe.code(), e)));
    }

    /** Removes a timeframe's policy (its bars are then kept for good); false when it had none. */
    public Uni<Boolean> delete(Timeframe timeframe) {
        return repository.deletePolicy(timeframe);
    }

    /** The scheduled run over every policy. A Uni-returning job runs on an event loop and blocks nothing. */
    @Scheduled(every = "${tickvault.retention.interval}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run(null, null).replaceWithVoid()
                .onFailure().invoke(e -> ScheduledFailures.log(LOG, "Retention", e))
                .onFailure().recoverWithNull();
    }

    /**
     * Drops every partition past its timeframe's horizon, oldest first, one transaction each. A partition whose
     * timeframe's table is held longer than {@code tickvault.retention.lock-timeout} by queries in flight is left
     * for the next run. Runs on this instance one at a time; a call while a run is under way returns nothing.
     *
     * @param timeframe one timeframe's policy, or every policy when null
     * @param keyId the API key that asked for the run, for the audit log; null for the scheduled job
     * @return the partitions dropped
     */
    public Uni<List<DroppedPartition>> run(Timeframe timeframe, String keyId) {
        if (!running.compareAndSet(false, true)) {
            // The run under way may have read the policies before this call's change: it goes round again.
            again.set(true);
            return Uni.createFrom().item(List.of());
        }
        return runOnce(timeframe, keyId).eventually(() -> {
            running.set(false);
            if (again.getAndSet(false)) {
                run(null, keyId).subscribe().with(dropped -> { },
                        e -> ScheduledFailures.log(LOG, "Retention", e));
            }
        });
    }

    private Uni<List<DroppedPartition>> runOnce(Timeframe timeframe, String keyId) {
        return repository.expired(timeframe)
                .onItem().transformToMulti(expired -> Multi.createFrom().iterable(expired))
                .onItem().transformToUniAndConcatenate(range -> drop(range, keyId))
                .collect().asList()
                .map(dropped -> dropped.stream().flatMap(Optional::stream).toList());
    }

    private Uni<Optional<DroppedPartition>> drop(PartitionCatalog.Range range, String keyId) {
        return repository.drop(range.table(), lockTimeoutMillis).map(bars -> {
            partitions.dropped(range.timeframe(), range.from());
            droppedTotal.get(range.timeframe()).increment();
            audit.record(DROPPED_EVENT, keyId, null, null, null, null, "partition market_data." + range.table() + " ("
                    + range.timeframe().code() + " bars in [" + range.from() + ", " + range.to() + ")): " + bars
                    + " bars dropped");
            LOG.infof("Retention dropped partition %s (%s, [%s, %s)): %d bars", range.table(), range.timeframe().code(),
                    range.from(), range.to(), bars);
            return Optional.of(new DroppedPartition(range.timeframe().code(), range.table(), range.from(), range.to(),
                    bars));
        }).onFailure(DatabaseFailures::isLockTimeout).recoverWithItem(failure -> {
            LOG.infof("Retention left partition %s for the next run: queries held %s bars for over %d ms",
                    range.table(), range.timeframe().code(), lockTimeoutMillis);
            return Optional.empty();
        });
    }

    /**
     * Checks an ISO-8601 duration for {@code keep}: date-based ({@code P2Y}, {@code P1Y6M}, {@code P90D},
     * {@code P4W}) or time-based ({@code PT12H}, {@code P1DT12H}), greater than zero.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 422 otherwise
     */
    static String checkKeep(String keep) {
        if (keep != null) {
            String text = keep.trim();
            try {
                boolean positive = text.contains("T") ? Duration.parse(text).compareTo(Duration.ZERO) > 0
                        : isPositive(Period.parse(text));
                if (positive) {
                    return text;
                }
            } catch (DateTimeParseException e) {
                // falls through to the problem below
            }
        }
        throw Problems.invalid("/keep", "keep", "must be an ISO-8601 duration greater than zero, such as P2Y, P90D"
                + " or PT12H");
    }

    private static boolean isPositive(Period period) {
        return !period.isNegative() && !period.isZero() && period.getYears() >= 0 && period.getMonths() >= 0
                && period.getDays() >= 0;
    }
}
