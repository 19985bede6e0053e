package dev.tickvault.ops.db;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Connection-pool settings that Quarkus has no property for ({@code tickvault.pool.*}, environment
 * {@code TICKVAULT_POOL_*}), applied by {@link PoolCustomizer} and {@link PipelinedClient}.
 */
@ConfigMapping(prefix = "tickvault.pool")
public interface PoolConfig {

    /**
     * Requests allowed to wait for a connection when all are in use; one more is refused at once
     * with 503 instead of queueing without bound.
     */
    @WithDefault("512")
    int maxWaitQueueSize();

    /** How long a request may wait for a free connection before it gets 503. */
    @WithDefault("PT3S")
    Duration acquireTimeout();

    /** TCP connect timeout to PostgreSQL; an unreachable database fails within it. */
    @WithDefault("PT2S")
    Duration connectTimeout();

    /**
     * The pool connects through PgBouncer in transaction mode (or another layer-7 proxy that may
     * hand each transaction a different server connection): statements are prepared unnamed on every
     * execution, nothing is pipelined, and LISTEN moves to {@code tickvault.notifications.database-url}
     * (README "PgBouncer"). Flyway's JDBC connection should reach PostgreSQL directly.
     */
    @WithDefault("false")
    boolean pgbouncer();

    /**
     * Connections of the pipelined client that serves the read hot paths ({@link dev.tickvault.ops.db.PipelinedClient}); each
     * carries up to {@code quarkus.datasource.reactive.postgresql.pipelining-limit} queries at once.
     */
    @WithDefault("4")
    int pipelinedSize();
}
