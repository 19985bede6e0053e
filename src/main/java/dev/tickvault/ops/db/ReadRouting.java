package dev.tickvault.ops.db;

import dev.tickvault.common.DatabaseFailures;
import dev.tickvault.common.Lsn;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Spreads the reads that tolerate replication delay over PostgreSQL streaming replicas
 * ({@code TICKVAULT_READ_REPLICA_URLS}, README "Scaling out"), never serving an answer older than the client
 * asked for or older than {@code tickvault.replicas.max-lag}.
 *
 * <ul>
 * <li>Each replica has a pool and a pipelined client of its own, sized and bounded like the primary's
 * ({@link PoolCustomizer}).</li>
 * <li>Every {@code tickvault.replicas.check-interval} a Vert.x timer reads the primary's flushed WAL position
 * ({@code pg_current_wal_flush_lsn()}) and then each replica's replay position
 * ({@code pg_last_wal_replay_lsn()}) and the age of its last replayed commit
 * ({@code pg_last_xact_replay_timestamp()}) (PostgreSQL manual 9.27.4, "Recovery Control Functions"). A
 * replica that has replayed what the primary had flushed lags 0 s; otherwise its lag is the smaller of two upper
 * bounds: the age of its last replayed commit, and the time since the newest primary position it has replayed.
 * It takes reads while that lag is at most {@code tickvault.replicas.max-lag}; a replica that does not answer,
 * or is not in recovery (a promoted one), takes none and is checked again at the next tick.</li>
 * <li>{@link #reads(Lsn)} picks, round robin, a usable replica whose last seen replay position is at or past
 * the read's floor (its {@code Tickvault-Min-LSN}); replay positions only grow, so the replica has at least
 * that much when the read runs. Otherwise the primary.</li>
 * <li>{@link #commitPosition()} gives a write's {@code Tickvault-Commit-LSN}: the primary's WAL insert
 * position read after the write's commit returned, which is at or past the end of its commit record.</li>
 * </ul>
 *
 * With no replica configured {@link #reads(Lsn)} answers the primary at once and no check runs: reads cost what
 * they cost on the primary alone (writes still read their commit position). Readiness never depends on
 * replicas.
 */
@Singleton
public class ReadRouting {

    private static final Logger LOG = Logger.getLogger(ReadRouting.class);

    /** The target name of the primary in {@code tickvault_reads_total{target}}. */
    public static final String PRIMARY = "primary";

    /** What a replica can have received and replayed: WAL the primary has flushed (walsender sends no more). */
    private static final String PRIMARY_POSITION = "SELECT pg_current_wal_flush_lsn()::text AS lsn";
    /**
     * After a commit returned, the insert position is past the end of its commit record, whatever
     * {@code synchronous_commit} is; the write (or flush) position may still be behind it when commits are
     * asynchronous, so it could name a position before the commit.
     */
    private static final String INSERT_POSITION = "SELECT pg_current_wal_insert_lsn()::text AS lsn";
    private static final String REPLICA_STATE = """
            SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replay_lsn,
                   extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8 AS since_replay
            """;

    private final Pool primaryPool;
    private final PipelinedClient primaryPipelined;
    private final PoolCustomizer pools;
    private final PoolConfig poolConfig;
    private final ReplicaConfig config;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final Reads onPrimary;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicBoolean sampling = new AtomicBoolean();
    /** Primary positions read by the checks, newest first: (when the query was sent, the position). */
    private final Deque<Sample> history = new ArrayDeque<>();
    private final int historySize;
    private final CommitPositions commits = new CommitPositions();
    private volatile List<Replica> replicas = List.of();
    private volatile long timerId = -1;

    public ReadRouting(Pool primaryPool, PipelinedClient primaryPipelined, PoolCustomizer pools, PoolConfig poolConfig,
            ReplicaConfig config, Vertx vertx, MeterRegistry registry) {
        this.primaryPool = primaryPool;
        this.primaryPipelined = primaryPipelined;
        this.pools = pools;
        this.poolConfig = poolConfig;
        this.config = config;
        this.vertx = vertx;
        this.registry = registry;
        this.onPrimary = new Reads(PRIMARY, primaryPipelined::get, primaryPool, served(PRIMARY), null, null);
        long interval = Math.max(1, config.replicas().checkInterval().toMillis());
        // Enough samples to bound a lag well past max-lag; beyond them the replay timestamp bounds it.
        this.historySize = (int) Math.min(600, Math.max(8, 4 * config.replicas().maxLag().toMillis() / interval + 2));
    }

    private Counter served(String target) {
        return Counter.builder("tickvault.reads").tag("target", target)
                .description("Read statements that tolerate replication delay, by the server that answered them"
                        + " (primary, or a replica's host:port)")
                .register(registry);
    }

    /**
     * Where a read that tolerates replication delay runs.
     *
     * @param minLsn the WAL position the answer must include ({@code Tickvault-Min-LSN}); {@link Lsn#ZERO} for
     *     none, which still keeps the answer within {@code tickvault.replicas.max-lag}
     */
    public Reads reads(Lsn minLsn) {
        List<Replica> all = replicas;
        int n = all.size();
        if (n == 0) {
            return onPrimary;
        }
        int start = n == 1 ? 0 : Math.floorMod(next.getAndIncrement(), n);
        for (int i = 0; i < n; i++) {
            Replica replica = all.get((start + i) % n);
            if (replica.serves(minLsn)) {
                return replica.reads;
            }
        }
        return onPrimary;
    }

    /** The primary, for reads that must see the latest commit (and for code that has no request floor). */
    public Reads primary() {
        return onPrimary;
    }

    /**
     * The WAL position a client sends back as {@code Tickvault-Min-LSN} to read its own write: the primary's
     * insert position, read after the write's commit returned. One query serves every write whose answer waits
     * for it when it starts (a write that commits while a query is under way waits for the next one), so under
     * many writers it costs one round trip per batch of answers, not per write.
     *
     * <p>Asked with or without replicas configured: a client written against one deployment keeps working
     * against another, and instances of one primary may differ in their replicas.
     *
     * @return empty when the position could not be read (the answer then goes out without the header: its write
     *     is committed, and failing the answer would only invite a retry)
     */
    public Uni<Optional<Lsn>> commitPosition() {
        return commits.next();
    }

    // After BootSequence (priority 0): the pool exists, so its options can be copied for the replicas.
    void onStart(@Observes @Priority(110) StartupEvent event) {
        List<String> urls = config.readReplicaUrls().orElse(List.of()).stream().map(String::strip)
                .filter(url -> !url.isEmpty()).toList();
        if (urls.isEmpty()) {
            return;
        }
        primaryPool.getDelegate(); // creates the pool if nothing has yet, and with it the options to copy
        List<Replica> created = new ArrayList<>();
        for (String url : urls) {
            DatabaseUrl parsed = DatabaseUrl.parse("TICKVAULT_READ_REPLICA_URLS", url);
            String base = parsed.host() + ":" + parsed.port();
            String name = base;
            for (int k = 2; nameTaken(created, name); k++) {
                name = base + "#" + k;
            }
            PgConnectOptions options = pools.connectOptions(parsed).orElseThrow(
                    () -> new IllegalStateException("The reactive pool has not been created yet"));
            created.add(new Replica(name, Pool.newInstance(pools.pool(options).orElseThrow()),
                    SqlClient.newInstance(pools.pipelinedClient(options, poolConfig.pipelinedSize()).orElseThrow())));
        }
        replicas = List.copyOf(created);
        LOG.infof("Read replicas: %s; reads take one while its lag is at most %s (checked every %s)",
                String.join(", ", created.stream().map(r -> r.name).toList()), config.replicas().maxLag(),
                config.replicas().checkInterval());
        check();
        timerId = vertx.setPeriodic(Math.max(1, config.replicas().checkInterval().toMillis()), id -> check());
    }

    private static boolean nameTaken(List<Replica> replicas, String name) {
        return replicas.stream().anyMatch(r -> r.name.equals(name));
    }

    // Before the pools close; in-flight requests have finished by then (quarkus.shutdown.timeout).
    void onStop(@Observes @Priority(5) ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        List<Replica> all = replicas;
        replicas = List.of();
        for (Replica replica : all) {
            replica.pipelined.close().subscribe().with(ignored -> { }, ignored -> { });
            replica.pool.close().subscribe().with(ignored -> { }, ignored -> { });
        }
    }

    /** One round: the primary's position, then every replica (each skipped while its previous check runs). */
    void check() {
        if (!sampling.compareAndSet(false, true)) {
            return;
        }
        long sent = System.nanoTime();
        primaryPipelined.get().preparedQuery(PRIMARY_POSITION).execute()
                .map(rows -> Lsn.parse(rows.iterator().next().getString("lsn")))
                .ifNoItem().after(checkTimeout()).fail()
                .onFailure().recoverWithNull()
                .subscribe().with(position -> {
                    sampling.set(false);
                    if (position != null) {
                        remember(new Sample(sent, position));
                    }
                    for (Replica replica : replicas) {
                        replica.check(position);
                    }
                });
    }

    private Duration checkTimeout() {
        Duration lag = config.replicas().maxLag();
        return lag.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : lag;
    }

    private synchronized void remember(Sample sample) {
        history.addFirst(sample);
        while (history.size() > historySize) {
            history.removeLast();
        }
    }

    /** Seconds since the newest primary position at or before {@code replay} was read; null when none is known. */
    private synchronized Double sinceReplayed(Lsn replay, long now) {
        for (Sample sample : history) {
            if (replay.reached(sample.position)) {
                return (now - sample.sentNanos) / 1e9;
            }
        }
        return null;
    }

    /**
     * Each replica's state, lag in seconds and last seen replay position, for {@code /q/health/group/database}
     * ({@code "replica <host:port> state": "usable"}, {@code "... lagSeconds": "0.012"}, {@code "... replayLsn"});
     * empty without replicas.
     */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Replica replica : replicas) {
            String prefix = "replica " + replica.name + " ";
            out.put(prefix + "state", replica.state.label);
            if (!Double.isNaN(replica.lagSeconds)) {
                out.put(prefix + "lagSeconds", String.format(java.util.Locale.ROOT, "%.3f", replica.lagSeconds));
            }
            if (replica.replay != null) {
                out.put(prefix + "replayLsn", replica.replay.toString());
            }
        }
        return out;
    }

    private record Sample(long sentNanos, Lsn position) {
    }

    /** What a replica was last seen to be. */
    enum State {
        UNCHECKED("not checked yet"), USABLE("usable"), LAGGING("lagging"), DOWN("down"),
        NOT_A_REPLICA("not in recovery: not a replica");

        final String label;

        State(String label) {
            this.label = label;
        }
    }

    /** One replica: its clients and what its last check found. */
    final class Replica {

        final String name;
        final Pool pool;
        final SqlClient pipelined;
        final Reads reads;
        private final AtomicBoolean checking = new AtomicBoolean();
        /** Reads under way on this replica, failed over at once when it goes down. */
        private final java.util.Set<InFlight> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private volatile State state = State.UNCHECKED;
        private volatile Lsn replay;
        private volatile double lagSeconds = Double.NaN;

        Replica(String name, Pool pool, SqlClient pipelined) {
            this.name = name;
            this.pool = pool;
            this.pipelined = pipelined;
            this.reads = new Reads(name, () -> pipelined, pool, served(name), this, onPrimary);
            Gauge.builder("tickvault.replica.lag", this, r -> r.lagSeconds).tag("replica", name).baseUnit("seconds")
                    .description("Replay lag of a read replica as last checked; NaN while it is down or unchecked")
                    .register(registry);
        }

        boolean serves(Lsn minLsn) {
            Lsn seen = replay;
            return state == State.USABLE && seen != null && seen.reached(minLsn);
        }

        boolean down() {
            return state == State.DOWN;
        }

        /**
         * {@code attempt} on this replica, failed with {@link ReplicaDown} as soon as the replica is found down (by a
         * check or another read), so that a read held by a server that no longer answers (or by a pooler waiting for
         * it) moves to the primary within a check rather than a TCP timeout. The failure reaches the read on its own
         * Vert.x context; the abandoned attempt is cancelled.
         */
        <T> Uni<T> guard(Uni<T> attempt) {
            return Uni.createFrom().emitter(emitter -> {
                InFlight read = new InFlight(emitter, Vertx.currentContext());
                java.util.concurrent.atomic.AtomicReference<io.smallrye.mutiny.subscription.Cancellable> running =
                        new java.util.concurrent.atomic.AtomicReference<>();
                emitter.onTermination(() -> {
                    inFlight.remove(read);
                    io.smallrye.mutiny.subscription.Cancellable subscription = running.get();
                    if (subscription != null) {
                        subscription.cancel();
                    }
                });
                inFlight.add(read);
                if (state == State.DOWN) {
                    emitter.fail(new ReplicaDown(name));
                    return;
                }
                running.set(attempt.subscribe().with(emitter::complete, emitter::fail));
            });
        }

        /** A read on this replica failed: a lost or refused connection takes it out until its next check. */
        void failed(Throwable failure) {
            if (DatabaseFailures.isConnectionFailure(failure)) {
                moveTo(State.DOWN, Double.NaN, failure.getMessage());
            } else {
                LOG.debugf("A read on replica %s failed and ran on the primary: %s", name, failure.getMessage());
            }
        }

        void check(Lsn primary) {
            if (!checking.compareAndSet(false, true)) {
                return;
            }
            pipelined.preparedQuery(REPLICA_STATE).execute()
                    .ifNoItem().after(checkTimeout()).fail()
                    .eventually(() -> checking.set(false))
                    .subscribe().with(rows -> seen(rows.iterator().next(), primary),
                            failure -> moveTo(State.DOWN, Double.NaN, failure.getMessage()));
        }

        private void seen(Row row, Lsn primary) {
            if (!Boolean.TRUE.equals(row.getBoolean("standby"))) {
                moveTo(State.NOT_A_REPLICA, Double.NaN, "pg_is_in_recovery() is false");
                return;
            }
            String text = row.getString("replay_lsn");
            if (text == null) {
                moveTo(State.UNCHECKED, Double.NaN, "no WAL replayed yet");
                return;
            }
            Lsn replayed = Lsn.parse(text);
            double lag;
            if (primary != null && replayed.reached(primary)) {
                lag = 0;
            } else {
                lag = Double.POSITIVE_INFINITY;
                Double sinceCommit = row.getDouble("since_replay");
                if (sinceCommit != null) {
                    lag = Math.max(0, sinceCommit);
                }
                Double sincePosition = sinceReplayed(replayed, System.nanoTime());
                if (sincePosition != null) {
                    lag = Math.min(lag, sincePosition);
                }
            }
            replay = replayed;
            boolean within = lag <= config.replicas().maxLag().toNanos() / 1e9;
            moveTo(within ? State.USABLE : State.LAGGING, Double.isInfinite(lag) ? Double.NaN : lag,
                    within ? null : "lag over " + config.replicas().maxLag());
        }

        private void moveTo(State next, double lag, String why) {
            State before = state;
            lagSeconds = lag;
            state = next;
            if (next == State.DOWN) {
                for (InFlight read : inFlight) {
                    read.fail(name);
                }
            }
            if (before == next) {
                return;
            }
            if (next == State.USABLE) {
                LOG.infof("Read replica %s takes reads (lag %.3f s)", name, lag);
            } else {
                LOG.warnf("Read replica %s takes no reads: %s (%s)", name, next.label, why);
            }
        }
    }

    /** A read under way on a replica: how to fail it over, on the context it runs on. */
    private record InFlight(UniEmitter<?> emitter, Context context) {
        void fail(String replica) {
            ReplicaDown down = new ReplicaDown(replica);
            if (context == null || context == Vertx.currentContext()) {
                emitter.fail(down);
            } else {
                context.runOnContext(v -> emitter.fail(down));
            }
        }
    }

    /** A read given up on a replica that went down while it ran; it runs again on the primary. */
    static final class ReplicaDown extends RuntimeException {
        ReplicaDown(String replica) {
            super("Read replica " + replica + " went down", null, false, false);
        }
    }

    /** The coalesced insert-position queries behind {@link #commitPosition()}. */
    private final class CommitPositions {

        private List<Waiter> waiting = new ArrayList<>();
        private boolean running;

        private record Waiter(UniEmitter<? super Optional<Lsn>> emitter, Context context) {
        }

        Uni<Optional<Lsn>> next() {
            return Uni.createFrom().emitter(emitter -> {
                boolean start;
                synchronized (this) {
                    waiting.add(new Waiter(emitter, Vertx.currentContext()));
                    start = !running;
                    running = true;
                }
                if (start) {
                    run();
                }
            });
        }

        private void run() {
            List<Waiter> batch;
            synchronized (this) {
                batch = waiting;
                waiting = new ArrayList<>();
            }
            primaryPipelined.get().preparedQuery(INSERT_POSITION).execute()
                    .map(rows -> Optional.of(Lsn.parse(rows.iterator().next().getString("lsn"))))
                    .onFailure().recoverWithItem(failure -> {
                        LOG.debugf("No commit position for %d answers: %s", batch.size(), failure.getMessage());
                        return Optional.empty();
                    })
                    .subscribe().with(position -> {
                        for (Waiter waiter : batch) {
                            // Each answer continues on its own request's context, not on this query's.
                            if (waiter.context == null || waiter.context == Vertx.currentContext()) {
                                waiter.emitter.complete(position);
                            } else {
                                waiter.context.runOnContext(v -> waiter.emitter.complete(position));
                            }
                        }
                        boolean again;
                        synchronized (this) {
                            again = !waiting.isEmpty();
                            running = again;
                        }
                        if (again) {
                            run();
                        }
                    });
        }
    }
}
