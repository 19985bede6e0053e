package dev.tickvault.ops.db;


import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Creates the reactive PostgreSQL pool with the bounds Quarkus has no property for: the wait-queue
 * size (a full queue fails at once, see {@code PoolOptions.setMaxWaitQueueSize} in the Vert.x SQL
 * client), the time a request may wait for a connection, and the TCP connect timeout; and, with
 * {@code tickvault.pool.pgbouncer}, the settings a transaction-mode PgBouncer needs.
 */
@ApplicationScoped
public class PoolCustomizer implements PgPoolCreator {

    private final PoolConfig config;
    private volatile PgConnectOptions connectOptions;
    private volatile boolean layer7Proxy;
    private volatile Input input;

    public PoolCustomizer(PoolConfig config) {
        this.config = config;
    }

    @Override
    public Pool create(Input input) {
        PoolConfig pool = config;
        PoolOptions options = input.poolOptions()
                .setMaxWaitQueueSize(pool.maxWaitQueueSize())
                .setConnectionTimeout((int) pool.acquireTimeout().toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        for (PgConnectOptions connect : input.pgConnectOptionsList()) {
            connect.setConnectTimeout((int) pool.connectTimeout().toMillis());
            connect.setReconnectAttempts(0);
            if (pool.pgbouncer()) {
                // PgBouncer in transaction mode may run each transaction on another server connection:
                // a named prepared statement would be missing there (SQLSTATE 26000) or, since every
                // client numbers its statements from 0000000, already exist (42P05); and a pipelined
                // batch could straddle two of them. Vert.x "layer 7 proxy" mode sends Parse with every
                // execution; only unnamed statements are safe, so the statement cache (which names
                // them) is off; a pipelining limit of 1 sends one command at a time.
                connect.setUseLayer7Proxy(true);
                connect.setCachePreparedStatements(false);
                connect.setPipeliningLimit(1);
            }
        }
        PgConnectOptions first = input.pgConnectOptionsList().get(0);
        layer7Proxy = first.getUseLayer7Proxy();
        connectOptions = new PgConnectOptions(first);
        this.input = input;
        return PgBuilder.pool().with(options).connectingTo(new ArrayList<SqlConnectOptions>(input.pgConnectOptionsList()))
                .using(input.vertx()).build();
    }

    /**
     * A pipelined client over a small pool of its own, with the same connection options and bounds as the
     * pool: queries from many requests share a connection, written together and answered in order
     * ({@link PipelinedClient}). Empty until the pool exists.
     */
    public java.util.Optional<SqlClient> pipelinedClient(int maxSize) {
        Input in = input;
        if (in == null) {
            return java.util.Optional.empty();
        }
        PoolConfig pool = config;
        PoolOptions options = new PoolOptions()
                .setMaxSize(maxSize)
                .setMaxWaitQueueSize(pool.maxWaitQueueSize())
                .setConnectionTimeout((int) pool.acquireTimeout().toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
                .setIdleTimeout(in.poolOptions().getIdleTimeout())
                .setIdleTimeoutUnit(in.poolOptions().getIdleTimeoutUnit())
                .setMaxLifetime(in.poolOptions().getMaxLifetime())
                .setMaxLifetimeUnit(in.poolOptions().getMaxLifetimeUnit())
                // Spread the connections over the event loops rather than tying them to the first caller's.
                .setEventLoopSize(maxSize);
        return java.util.Optional.of(PgBuilder.client().with(options)
                .connectingTo(new ArrayList<SqlConnectOptions>(in.pgConnectOptionsList())).using(in.vertx()).build());
    }

    /**
     * A copy of the pool's connection options (host, credentials, TLS), for the one dedicated connection
     * that listens for notifications; empty until the pool exists.
     */
    public java.util.Optional<PgConnectOptions> connectOptions() {
        PgConnectOptions options = connectOptions;
        return options == null ? java.util.Optional.empty() : java.util.Optional.of(new PgConnectOptions(options));
    }

    /**
     * Whether the pool talks to a layer-7 proxy such as PgBouncer in transaction mode
     * ({@code tickvault.pool.pgbouncer}, or Quarkus' {@code quarkus.datasource.reactive.postgresql.use-layer7-proxy}):
     * session state such as LISTEN does not survive there.
     */
    public boolean layer7Proxy() {
        return layer7Proxy;
    }
}
