package dev.tickvault.journal.decisions;

import dev.tickvault.common.DatabaseFailures;
import dev.tickvault.journal.JournalConfig;
import dev.tickvault.ops.db.NotificationSender;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Group commit for decisions recorded without an idempotency key: the decisions of requests that arrive
 * while earlier inserts are still running are written together, in one multi-row INSERT and one commit.
 * PostgreSQL pays its per-statement and per-commit costs (parse, plan, WAL flush) once per group instead of
 * once per request, which is what lets a few connections keep up with many concurrent writers.
 *
 * <p>At most {@code tickvault.journal.write-concurrency} inserts run at once. A request that finds one free
 * starts an insert at once, so a lone request waits for nothing; under load, requests queue behind the
 * running inserts and the next insert takes what is queued, in arrival order, until it holds
 * {@code tickvault.journal.write-group-rows} rows or more (a request's own batch is never split). Each request's
 * reply waits for the commit that holds its rows, so a 201 still means "stored".
 *
 * <p>Atomicity stays per request: if a group's insert fails with a data or constraint error (SQLSTATE
 * classes 22 and 23, PostgreSQL Appendix A), each request of the group is written again on its own, so one
 * bad request fails alone and the others succeed; any other failure (connection lost, pool saturated)
 * fails every request of the group, none of whose rows were committed.
 */
@ApplicationScoped
public class DecisionWriter {

    private static final Logger LOG = Logger.getLogger(DecisionWriter.class);

    private final Function<List<Decision>, Uni<Void>> insert;
    private final int concurrency;
    private final int groupRows;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();

    /** The writer of the pool's group inserts; each sends its live events' notifications once it has committed. */
    @Inject
    public DecisionWriter(DecisionRepository repository, JournalConfig config, NotificationSender notifications) {
        this(rows -> repository.insert(rows)
                        .invoke(notices -> notifications.send(DecisionRepository.EVENTS_CHANNEL, notices)).replaceWithVoid(),
                config.journal().writeConcurrency(), config.journal().writeGroupRows());
    }

    /**
     * A writer over any insert of one group of rows in one statement and one commit.
     *
     * @param concurrency inserts that may run at once (at least 1)
     * @param groupRows rows from which a group takes no further request (at least 1)
     */
    DecisionWriter(Function<List<Decision>, Uni<Void>> insert, int concurrency, int groupRows) {
        this.insert = insert;
        this.concurrency = Math.max(1, concurrency);
        this.groupRows = Math.max(1, groupRows);
    }

    /** One request's decisions, the emitter of its reply and the Vert.x context to reply on. */
    private record Pending(List<Decision> decisions, UniEmitter<? super Void> emitter, Context context) {
        void complete() {
            run(() -> emitter.complete(null));
        }

        void fail(Throwable failure) {
            run(() -> emitter.fail(failure));
        }

        private void run(Runnable action) {
            if (context == null || Vertx.currentContext() == context) {
                action.run();
            } else {
                context.runOnContext(ignored -> action.run());
            }
        }
    }

    /**
     * Stores {@code decisions} (one request's, validated) as part of the next group insert.
     *
     * @return completes once the rows are committed; fails with the insert's failure (mapped to a problem by
     *     the caller), in which case none of these rows were stored
     */
    public Uni<Void> insert(List<Decision> decisions) {
        return Uni.createFrom().emitter(emitter -> {
            queue.add(new Pending(decisions, emitter, Vertx.currentContext()));
            drain();
        });
    }

    /** Starts inserts while some are free and requests are queued. */
    private void drain() {
        while (!queue.isEmpty()) {
            int now = running.get();
            if (now >= concurrency) {
                // A running insert calls drain() when it ends and takes what is queued.
                return;
            }
            if (!running.compareAndSet(now, now + 1)) {
                continue;
            }
            List<Pending> group = takeGroup();
            if (group.isEmpty()) {
                running.decrementAndGet();
                continue;
            }
            write(group);
        }
    }

    /** Queued requests in arrival order until the group holds {@code groupRows} rows or more. */
    private List<Pending> takeGroup() {
        List<Pending> group = new ArrayList<>();
        int rows = 0;
        Pending next;
        while (rows < groupRows && (next = queue.poll()) != null) {
            group.add(next);
            rows += next.decisions().size();
        }
        return group;
    }

    private void write(List<Pending> group) {
        List<Decision> rows;
        if (group.size() == 1) {
            rows = group.get(0).decisions();
        } else {
            rows = new ArrayList<>();
            for (Pending p : group) {
                rows.addAll(p.decisions());
            }
        }
        LOG.debugf("Group insert of %d request(s), %d decision(s)", group.size(), rows.size());
        insert.apply(rows).subscribe().with(
                ignored -> {
                    finished();
                    group.forEach(Pending::complete);
                },
                failure -> {
                    finished();
                    if (group.size() > 1 && DatabaseFailures.isDataError(failure)) {
                        group.forEach(this::writeAlone);
                    } else {
                        group.forEach(p -> p.fail(failure));
                    }
                });
    }

    private void writeAlone(Pending pending) {
        insert.apply(pending.decisions()).subscribe().with(ignored -> pending.complete(), pending::fail);
    }

    private void finished() {
        running.decrementAndGet();
        drain();
    }
}
