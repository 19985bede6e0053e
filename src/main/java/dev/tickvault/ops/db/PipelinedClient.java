package dev.tickvault.ops.db;


import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The client of the read hot paths: queries on a {@link io.vertx.mutiny.sqlclient.Pool} each hold a
 * connection until answered, whereas this pooled client pipelines them, writing the queries of many
 * requests to one connection together and reading the answers in order (Vert.x SQL client, "pool
 * versus pooled client"). Fewer connections and fewer round trips serve the same load; PostgreSQL reads
 * several queries per wake-up. Single statements only: anything that needs a transaction uses the pool.
 * Size: {@code tickvault.pool.pipelined-size} connections, with the pool's wait-queue and timeout bounds.
 */
@Singleton
public class PipelinedClient {

    private final PoolCustomizer pools;
    private final int size;
    private volatile SqlClient client;

    public PipelinedClient(PoolCustomizer pools, PoolConfig config) {
        this.pools = pools;
        this.size = config.pipelinedSize();
    }

    /** The client, created on first use (the pool, and so its connection options, exist by then). */
    public SqlClient get() {
        SqlClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = SqlClient.newInstance(pools.pipelinedClient(size).orElseThrow(
                            () -> new IllegalStateException("The reactive pool has not been created yet")));
                    client = c;
                }
            }
        }
        return c;
    }

    void onStop(@Observes ShutdownEvent event) {
        SqlClient c = client;
        client = null;
        if (c != null) {
            c.closeAndAwait();
        }
    }
}
