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
 * client), the time a request may wait for a connection, and the TCP connect timeout.
 */
@ApplicationScoped
public class PoolCustomizer implements PgPoolCreator {

    private final TickvaultConfig config;
    private volatile PgConnectOptions connectOptions;

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
        }
        connectOptions = new PgConnectOptions(input.pgConnectOptionsList().get(0));
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
}
