package dev.tickvault.agents.queue;

import dev.tickvault.common.ScheduledFailures;
import dev.tickvault.agents.AgentsConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the queue tidy and observable: on every {@code tickvault.queue.depth-refresh} it releases expired
 * leases (back to PENDING, or DEAD without attempts left) and refreshes the Prometheus gauge
 * {@code tickvault_queue_depth{status=...}} from one {@code GROUP BY} query. Both run on the reactive pool
 * from an event loop and never block it; the gauge reads the last counts from memory.
 */
@Singleton
public class QueueMonitor {

    private static final Logger LOG = Logger.getLogger(QueueMonitor.class);

    private final CommandRepository repository;
    private final int maxAttempts;
    private final Map<CommandStatus, AtomicLong> depth = new EnumMap<>(CommandStatus.class);

    public QueueMonitor(CommandRepository repository, AgentsConfig config, MeterRegistry registry) {
        this.repository = repository;
        this.maxAttempts = config.queue().maxAttempts();
        for (CommandStatus status : CommandStatus.values()) {
            AtomicLong value = new AtomicLong();
            depth.put(status, value);
            Gauge.builder("tickvault.queue.depth", value, AtomicLong::get)
                    .description("Agent commands by status, refreshed every tickvault.queue.depth-refresh")
                    .tag("status", status.name())
                    .register(registry);
        }
    }

    /** The last count of a status. */
    public long depth(CommandStatus status) {
        return depth.get(status).get();
    }

    @Scheduled(every = "${tickvault.queue.depth-refresh}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return repository.reapExpiredLeases(maxAttempts)
                .invoke(released -> {
                    if (released > 0) {
                        LOG.debugf("Released %d expired command leases", released);
                    }
                })
                .chain(() -> repository.depth())
                .invoke(counts -> counts.forEach((status, n) -> depth.get(status).set(n)))
                .onFailure().invoke(e -> ScheduledFailures.log(LOG, "Queue depth refresh", e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
