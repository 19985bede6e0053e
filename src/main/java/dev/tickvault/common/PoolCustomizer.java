package dev.tickvault.common;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
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

    private final TickvaultConfig config;
    private volatile PgConnectOptions connectOptions;
    private volatile boolean layer7Proxy;

    public PoolCustomizer(TickvaultConfig config) {
        this.config = config;
    }

    @Override
    public Pool create(Input input) {
        TickvaultConfig.Pool pool = config.pool();
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
        return PgBuilder.pool().with(options).connectingTo(new ArrayList<SqlConnectOptions>(input.pgConnectOptionsList()))
                .using(input.vertx()).build();
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
