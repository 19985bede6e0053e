package dev.tickvault.ops.db;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends the notifications that announce a committed write (live events of bars and decisions), after that commit,
 * many at once, in a transaction of their own that does not wait for its WAL flush.
 *
 * <p>Why not in the writer's own transaction, where {@code pg_notify} would be simplest: PostgreSQL serialises every
 * commit of a transaction that queued a notification. {@code PreCommit_Notify} takes a database-wide lock that is
 * held until the commit is done, WAL flush included (src/backend/commands/async.c: "Serialize writers by acquiring a
 * special lock that we hold till after commit"), so no two such commits share a flush. Measured on the bench machine
 * (PostgreSQL 15, {@code pgbench -c 64 -j 2 -T 10}, a one-row insert): 10,047 and 12,269 transactions a second alone,
 * 2,384 and 2,977 with a {@code pg_notify} in the same statement.
 *
 * <p>Here at most one sending statement is in flight per instance; what is queued meanwhile goes in the next one (at
 * most {@value #MAX_PER_STATEMENT}). Its transaction sets {@code synchronous_commit} off for itself
 * ({@code set_config(..., true)}, PostgreSQL manual 20.5.1 and 9.27.1): a notification only points at rows whose
 * writer has already committed and flushed, there is nothing of its own to make durable, and the lock is then held
 * for microseconds. Listeners read from where they stand up to whatever a notification names, so notifications may
 * arrive in any order and together.
 *
 * <p>A notification is a hint, never the data. One not sent (this instance stops between a write's commit and the
 * send; the database refuses the send) delays a subscriber's events until the series' next notification or the
 * subscriber's reconnect with {@code Last-Event-ID}, which replays from the database. A failed send is queued again
 * and retried after a second while fewer than {@value #MAX_QUEUED} are waiting; beyond that, notifications are
 * dropped and counted ({@code tickvault.notifications.dropped}).
 */
@ApplicationScoped
public class NotificationSender {

    private static final Logger LOG = Logger.getLogger(NotificationSender.class);

    /** Notifications per statement at most: a payload is at most a few hundred bytes. */
    static final int MAX_PER_STATEMENT = 1_000;
    /** Notifications waiting at most, beyond which new ones are dropped. */
    static final int MAX_QUEUED = 100_000;

    private static final String SEND = "SELECT set_config('synchronous_commit', 'off', true),"
            + " count(pg_notify(n.channel, n.payload)) FROM unnest($1::text[], $2::text[]) AS n(channel, payload)";

    private record Notice(String channel, String payload) {
    }

    private final Pool pool;
    private final Vertx vertx;
    private final ConcurrentLinkedQueue<Notice> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final Counter dropped;

    public NotificationSender(Pool pool, Vertx vertx, MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        this.dropped = Counter.builder("tickvault.notifications.dropped")
                .description("Notifications of committed writes not sent (too many waiting for a database that refuses them)")
                .register(registry);
    }

    /**
     * Queues notifications on {@code channel} (a constant identifier) and sends them soon; never blocks, never fails.
     * Call it only once the write they announce has committed.
     *
     * @param payloads each at most 8,000 bytes (PostgreSQL's limit for {@code NOTIFY}); an empty list does nothing
     */
    public void send(String channel, List<String> payloads) {
        if (payloads.isEmpty()) {
            return;
        }
        for (String payload : payloads) {
            enqueue(new Notice(channel, payload));
        }
        flush();
    }

    private void flush() {
        List<Notice> batch = take();
        if (batch == null) {
            return;
        }
        String[] channels = new String[batch.size()];
        String[] payloads = new String[batch.size()];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = batch.get(i).channel();
            payloads[i] = batch.get(i).payload();
        }
        pool.preparedQuery(SEND).execute(Tuple.of(channels, payloads)).subscribe().with(
                rows -> {
                    sending.set(false);
                    flush();
                },
                failure -> {
                    LOG.warnf("Notifications of committed writes not sent (%s); retrying in 1 s", failure.getMessage());
                    batch.forEach(this::enqueue);
                    vertx.setTimer(1_000, id -> {
                        sending.set(false);
                        flush();
                    });
                });
    }

    /**
     * The next statement's notices, with the sending flag taken; null when nothing waits or another send is in
     * flight. The sender clears the flag before it looks again, so a notice queued meanwhile is never stranded.
     */
    private List<Notice> take() {
        while (!queue.isEmpty() && sending.compareAndSet(false, true)) {
            List<Notice> batch = new ArrayList<>(Math.min(Math.max(queued.get(), 1), MAX_PER_STATEMENT));
            Notice next;
            while (batch.size() < MAX_PER_STATEMENT && (next = queue.poll()) != null) {
                batch.add(next);
            }
            queued.addAndGet(-batch.size());
            if (!batch.isEmpty()) {
                return batch;
            }
            sending.set(false);
        }
        return null;
    }

    private void enqueue(Notice notice) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            dropped.increment();
        } else {
            queue.add(notice);
        }
    }
}
