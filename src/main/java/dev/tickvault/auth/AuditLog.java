package dev.tickvault.auth;


import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes audit events in batches off the request path: {@link #record} only queues in memory; a timer
 * on the event loop writes what is queued every {@code tickvault.audit.flush-interval} in one
 * {@code INSERT ... SELECT FROM unnest(...)}. If the database is away, events stay queued (up to
 * {@code tickvault.audit.max-queued}, then new ones are dropped and counted in
 * {@code tickvault_audit_dropped_total}). On graceful shutdown everything queued is written before
 * the pool closes.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    private static final int BATCH = 1_000;
    private static final String INSERT = """
            INSERT INTO auth.audit_log (occurred_at, event, key_id, client_address, method, path, status, detail)
            SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                 $7::int4[], $8::text[])
            """;

    private final Pool pool;
    private final Vertx vertx;
    private final AuthConfig config;
    private final ConcurrentLinkedQueue<AuditEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final Counter dropped;
    private volatile long timerId = -1;

    public AuditLog(Pool pool, Vertx vertx, AuthConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        this.config = config;
        this.dropped = Counter.builder("tickvault.audit.dropped")
                .description("Audit events dropped because the queue was full").register(registry);
    }

    /** Queues an event; never blocks, never fails the caller. */
    public void record(String event, String keyId, String clientAddress, String method, String path, Integer status,
            String detail) {
        if (queued.incrementAndGet() > config.audit().maxQueued()) {
            queued.decrementAndGet();
            dropped.increment();
            return;
        }
        queue.add(new AuditEvent(null, Instant.now(), event, keyId, clientAddress, method, path, status, detail));
    }

    /** Starts the periodic writer. */
    public void start() {
        long interval = Math.max(50, config.audit().flushInterval().toMillis());
        timerId = vertx.setPeriodic(interval, id -> {
            if (!flushing.get() && queued.get() > 0) {
                flush().subscribe().with(n -> { }, f -> { });
            }
        });
    }

    /**
     * Writes what is queued, in batches; the number written. When a write is already under way it waits
     * for it and then writes what is left, so a caller that flushes sees every event recorded before.
     */
    public Uni<Integer> flush() {
        if (!flushing.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(5)).chain(this::flush);
        }
        return writeBatches(0).eventually(() -> flushing.set(false));
    }

    private Uni<Integer> writeBatches(int written) {
        List<AuditEvent> batch = new ArrayList<>();
        AuditEvent event;
        while (batch.size() < BATCH && (event = queue.poll()) != null) {
            batch.add(event);
        }
        if (batch.isEmpty()) {
            return Uni.createFrom().item(written);
        }
        queued.addAndGet(-batch.size());
        return insert(batch)
                .onFailure().invoke(failure -> {
                    // Keep the events for the next attempt; the database may be restarting.
                    queue.addAll(batch);
                    queued.addAndGet(batch.size());
                    LOG.debugf("Audit write postponed: %s", failure.getMessage());
                })
                .chain(() -> writeBatches(written + batch.size()));
    }

    private Uni<Void> insert(List<AuditEvent> batch) {
        int n = batch.size();
        OffsetDateTime[] at = new OffsetDateTime[n];
        String[] events = new String[n];
        String[] keys = new String[n];
        String[] addresses = new String[n];
        String[] methods = new String[n];
        String[] paths = new String[n];
        Integer[] statuses = new Integer[n];
        String[] details = new String[n];
        for (int i = 0; i < n; i++) {
            AuditEvent e = batch.get(i);
            at[i] = e.occurredAt().atOffset(ZoneOffset.UTC);
            events[i] = e.event();
            keys[i] = e.keyId();
            addresses[i] = e.clientAddress();
            methods[i] = e.method();
            paths[i] = e.path();
            statuses[i] = e.status();
            details[i] = e.detail();
        }
        return pool.preparedQuery(INSERT).execute(Tuple.tuple().addValue(at).addValue(events).addValue(keys)
                .addValue(addresses).addValue(methods).addValue(paths).addValue(statuses).addValue(details))
                .replaceWithVoid();
    }

    /** Events waiting to be written. */
    public int pending() {
        return queued.get();
    }

    void onStop(@Observes @Priority(10) ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        // Shutdown thread, not an event loop: waiting here keeps every queued event. Quarkus fires
        // ShutdownEvent after in-flight requests finished (quarkus.shutdown.timeout) and before the pool
        // closes; the whole flush is bounded so the process stops within the orchestrator's grace period.
        long deadline = System.nanoTime() + config.audit().shutdownTimeout().toNanos();
        while (queued.get() > 0 && System.nanoTime() < deadline) {
            flushing.set(false);
            try {
                flush().await().atMost(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (RuntimeException e) {
                LOG.warnf("Audit flush at shutdown failed: %s", e.getMessage());
                sleepQuietly(Math.min(200, Math.max(0, (deadline - System.nanoTime()) / 1_000_000)));
            }
        }
        if (queued.get() > 0) {
            LOG.errorf("%d audit event(s) could not be written before shutdown", queued.get());
        } else {
            LOG.debug("Audit log flushed at shutdown");
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            // Only from the shutdown flush above, on the shutdown thread: a pause between bounded retries.
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
