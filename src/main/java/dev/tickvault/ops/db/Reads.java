package dev.tickvault.ops.db;

import io.micrometer.core.instrument.Counter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The server chosen by {@link ReadRouting#reads} for a read that tolerates replication delay: a replica that has
 * replayed far enough and lags less than {@code tickvault.replicas.max-lag}, or the primary. A repository runs its
 * statements through {@link #pipelined} or {@link #pool}; on a replica, a statement that fails (the replica went
 * down since its last check, a query cancelled by a recovery conflict, a full pool) runs again on the primary, and
 * so does one still under way when the replica is found down: a replica never turns a read into an error. Reads
 * are side-effect free, so running one twice is harmless. A stream fails over only while it opens: once its first
 * rows are on the wire it cannot start again elsewhere.
 * Each statement is counted in {@code tickvault_reads_total{target}} under the server that answered it.
 */
public final class Reads {

    private final String target;
    private final Supplier<SqlClient> pipelined;
    private final Pool pool;
    private final Counter answered;
    /** The replica, or {@code null} on the primary. */
    private final ReadRouting.Replica replica;
    /** Where a failed replica read runs again; {@code null} on the primary. */
    private final Reads fallback;

    Reads(String target, Supplier<SqlClient> pipelined, Pool pool, Counter answered, ReadRouting.Replica replica,
            Reads fallback) {
        this.target = target;
        this.pipelined = pipelined;
        this.pool = pool;
        this.answered = answered;
        this.replica = replica;
        this.fallback = fallback;
    }

    /** {@code primary}, or the replica's name ({@code host:port}). */
    public String target() {
        return target;
    }

    /**
     * Runs single statements on the server's pipelined client ({@link PipelinedClient}: no transaction, the
     * queries of many requests share its connections).
     */
    public <T> Uni<T> pipelined(Function<SqlClient, Uni<T>> statement) {
        if (replica == null) {
            answered.increment();
            return statement.apply(pipelined.get());
        }
        if (replica.down()) {
            return fallback.pipelined(statement);
        }
        return replica.guard(Uni.createFrom().deferred(() -> statement.apply(pipelined.get())))
                .invoke(() -> answered.increment())
                .onFailure().recoverWithUni(failure -> {
                    replica.failed(failure);
                    return fallback.pipelined(statement);
                });
    }

    /** Runs work that needs the server's pool: a connection of its own, a transaction, a cursor. */
    public <T> Uni<T> pool(Function<Pool, Uni<T>> work) {
        if (replica == null) {
            answered.increment();
            return work.apply(pool);
        }
        if (replica.down()) {
            return fallback.pool(work);
        }
        return replica.guard(Uni.createFrom().deferred(() -> work.apply(pool)))
                .invoke(() -> answered.increment())
                .onFailure().recoverWithUni(failure -> {
                    replica.failed(failure);
                    return fallback.pool(work);
                });
    }

    @Override
    public String toString() {
        return "reads on " + target;
    }
}
