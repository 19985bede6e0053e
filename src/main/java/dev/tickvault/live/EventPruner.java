package dev.tickvault.live;

import dev.tickvault.common.ScheduledFailures;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Deletes live events older than {@code tickvault.live.replay-window}, every minute, at most 10,000 of each kind a
 * run (the backlog of a first run goes in later runs). On several instances each one prunes; the deletes are
 * idempotent.
 */
@ApplicationScoped
public class EventPruner {

    private static final Logger LOG = Logger.getLogger(EventPruner.class);
    private static final int BATCH = 10_000;

    private final LiveService service;

    public EventPruner(LiveService service) {
        this.service = service;
    }

    /** One run; a Uni-returning job runs on an event loop and does not block it. */
    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return service.prune(BATCH)
                .invoke(n -> {
                    if (n > 0) {
                        LOG.debugf("Deleted %d live events older than the replay window", n);
                    }
                })
                .onFailure().invoke(e -> ScheduledFailures.log(LOG, "Live event pruning", e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
