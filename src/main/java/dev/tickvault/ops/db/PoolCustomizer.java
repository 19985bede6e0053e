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
        connectOptions = copy(first);
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
        return java.util.Optional.of(pipelinedClient(in, in.pgConnectOptionsList(), maxSize));
    }

    /**
     * A pipelined client like {@link #pipelinedClient(int)} on another server (a read replica), with the same
     * bounds. Empty until the pool exists.
     */
    public java.util.Optional<SqlClient> pipelinedClient(PgConnectOptions server, int maxSize) {
        Input in = input;
        return in == null ? java.util.Optional.empty()
                : java.util.Optional.of(pipelinedClient(in, java.util.List.of(server), maxSize));
    }

    private SqlClient pipelinedClient(Input in, java.util.List<PgConnectOptions> servers, int maxSize) {
        PoolOptions options = bounded(new PoolOptions().setMaxSize(maxSize), in)
                // Spread the connections over the event loops rather than tying them to the first caller's.
                .setEventLoopSize(maxSize);
        return PgBuilder.client().with(options).connectingTo(new ArrayList<SqlConnectOptions>(servers))
                .using(in.vertx()).build();
    }

    /**
     * A pool on another server (a read replica), sized and bounded like the pool: the same maximum size,
     * wait-queue bound, acquire timeout, idle timeout and maximum lifetime. Empty until the pool exists.
     */
    public java.util.Optional<Pool> pool(PgConnectOptions server) {
        Input in = input;
        if (in == null) {
            return java.util.Optional.empty();
        }
        PoolOptions options = bounded(new PoolOptions().setMaxSize(in.poolOptions().getMaxSize()), in);
        return java.util.Optional.of(PgBuilder.pool().with(options).connectingTo(server).using(in.vertx()).build());
    }

    /** The pool's bounds (wait queue, acquire timeout, idle timeout, lifetime) on {@code options}. */
    private PoolOptions bounded(PoolOptions options, Input in) {
        PoolConfig pool = config;
        return options.setMaxWaitQueueSize(pool.maxWaitQueueSize())
                .setConnectionTimeout((int) pool.acquireTimeout().toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
                .setIdleTimeout(in.poolOptions().getIdleTimeout())
                .setIdleTimeoutUnit(in.poolOptions().getIdleTimeoutUnit())
                .setMaxLifetime(in.poolOptions().getMaxLifetime())
                .setMaxLifetimeUnit(in.poolOptions().getMaxLifetimeUnit());
    }

    /**
     * The pool's connection options (timeouts, TLS, the PgBouncer settings) pointed at another server named in
     * {@code DATABASE_URL} form: its host and port, and the database, user and password it names (the pool's
     * otherwise). An {@code sslmode} (with {@code sslrootcert}) in the URL has libpq's meaning, as in
     * {@code DATABASE_URL} ({@link DatabaseUrlConfigSourceFactory}); without one the pool's TLS settings apply.
     * Empty until the pool exists.
     */
    public java.util.Optional<PgConnectOptions> connectOptions(DatabaseUrl server) {
        return connectOptions().map(base -> pointedAt(base, server));
    }

    static PgConnectOptions pointedAt(PgConnectOptions base, DatabaseUrl server) {
        PgConnectOptions options = copy(base).setHost(server.host()).setPort(server.port());
        if (server.database() != null) {
            options.setDatabase(server.database());
        }
        if (server.user() != null) {
            options.setUser(server.user());
        }
        if (server.password() != null) {
            options.setPassword(server.password());
        }
        String sslMode = server.parameters().get("sslmode");
        if (sslMode != null) {
            boolean verify = sslMode.startsWith("verify");
            options.setSslMode(io.vertx.pgclient.SslMode.of(sslMode))
                    // libpq's require/prefer/allow encrypt without checking the server's certificate.
                    .setTrustAll(!verify)
                    .setHostnameVerificationAlgorithm(sslMode.equals("verify-full") ? "HTTPS" : "");
            String rootCert = server.parameters().get("sslrootcert");
            if (rootCert != null) {
                options.setPemTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(rootCert));
            }
        }
        return options;
    }

    /**
     * A copy of the pool's connection options (host, credentials, TLS), for the one dedicated connection
     * that listens for notifications; empty until the pool exists.
     */
    public java.util.Optional<PgConnectOptions> connectOptions() {
        PgConnectOptions options = connectOptions;
        return options == null ? java.util.Optional.empty() : java.util.Optional.of(copy(options));
    }

    /**
     * A copy of connection options. Vert.x 4.5's copy constructor leaves layer-7 proxy mode out (of its own fields
     * it copies the pipelining limit and the SSL mode only), and a replica behind PgBouncer needs it as much as the
     * primary does.
     */
    static PgConnectOptions copy(PgConnectOptions options) {
        return new PgConnectOptions(options).setUseLayer7Proxy(options.getUseLayer7Proxy());
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
