package dev.tickvault.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** tickvault's own settings, under the {@code tickvault.} prefix (environment: {@code TICKVAULT_...}). */
@ConfigMapping(prefix = "tickvault")
public interface TickvaultConfig {

    /** Connection-pool settings that Quarkus has no property for. */
    Pool pool();

    /** Batch ingest limits. */
    Ingest ingest();

    /** Readiness and database health settings. */
    Health health();

    /** Sample data loaded at boot. */
    SampleData sampleData();

    /** The quick start's embedded PostgreSQL (dev mode only). */
    Dev dev();

    /**
     * The first admin key ({@code TICKVAULT_BOOTSTRAP_ADMIN_KEY}), {@code tv_<8-char id>_<32+ chars>};
     * its hash is stored at boot with the scopes read, write and admin.
     */
    java.util.Optional<String> bootstrapAdminKey();

    /**
     * Start in the prod profile despite an empty or well-known database password or a malformed
     * bootstrap key ({@code TICKVAULT_ALLOW_INSECURE}).
     */
    @WithDefault("false")
    boolean allowInsecure();

    /** API-key verification settings. */
    Auth auth();

    /** The default per-key rate limit. */
    RateLimit rateLimit();

    /** The audit log writer. */
    Audit audit();

    /** The boot sequence. */
    Boot boot();

    /** {@code GET /api/v1/admin/db/stats} and the database gauges. */
    DbStats dbStats();

    /** Key-change notifications (LISTEN/NOTIFY). */
    Notifications notifications();

    /** Bounds on requests, checked before a resource is reached ({@code RequestGuard}). */
    Http http();

    /** Request bounds that Quarkus has no property for. */
    interface Http {
        /**
         * Longest time from a request's headers to the last byte of its body; a body still incomplete then
         * (short of its {@code Content-Length}, or a chunked body that stopped) is answered 408 and its
         * connection closed.
         */
        @WithDefault("PT60S")
        Duration bodyTimeout();

        /**
         * Longest request target (path and query, in characters); longer is 414. Stays below
         * {@code quarkus.http.limits.max-initial-line-length}, beyond which the HTTP decoder refuses the
         * request itself, without a problem body.
         */
        @WithDefault("131072")
        int maxUriLength();
    }

    /** Database statistics for administrators and Prometheus. */
    interface DbStats {
        /**
         * Longest SQL text shown per session or statement (characters); longer text is cut and flagged
         * {@code queryTruncated}. 0 hides query text altogether.
         */
        @WithDefault("200")
        int queryTextMaxLength();

        /** How often the database size and connection gauges are refreshed (one query through the pool). */
        @WithDefault("PT30S")
        Duration refreshInterval();
    }

    /**
     * The dedicated connection that listens for key revocations. PostgreSQL delivers a notification
     * only to the session that ran LISTEN, which a transaction-mode pooler (PgBouncer) does not keep.
     */
    interface Notifications {
        /**
         * A {@code postgresql://user:pass@host:port/db} URL of PostgreSQL itself (not PgBouncer) for the
         * LISTEN connection ({@code TICKVAULT_NOTIFICATIONS_DATABASE_URL}); the TLS settings of the pool
         * apply. Unset: the pool's own address, unless the pool goes through a layer-7 proxy, in which case
         * nothing listens and every key verification reads the database.
         */
        java.util.Optional<String> databaseUrl();
    }

    /** API-key verification: keys verified once are kept in memory, so a request costs no round trip. */
    interface Auth {
        /**
         * Longest time a verified key is trusted from memory before it is read again; revocations reach
         * every instance at once through LISTEN/NOTIFY, this bounds the damage of a lost notification.
         */
        @WithDefault("PT60S")
        Duration keyCacheMaxAge();

        /** How long an unknown key id is remembered as unknown (spares the database repeated misses). */
        @WithDefault("PT5S")
        Duration unknownKeyCacheTtl();
    }

    /** Per-key request limits. */
    interface RateLimit {
        /** Requests per minute per key when the key sets none; 0 means no limit. */
        @WithDefault("0")
        int perMinute();
    }

    /** The audit log is written in batches off the request path. */
    interface Audit {
        /** How often queued audit events are written. */
        @WithDefault("PT0.5S")
        Duration flushInterval();

        /**
         * Longest time graceful shutdown spends writing the events still queued, after in-flight
         * requests finished and before the pool closes; what is left then is logged as lost.
         */
        @WithDefault("PT5S")
        Duration shutdownTimeout();

        /** Most events held in memory while the database is away; beyond it new events are counted and dropped. */
        @WithDefault("100000")
        int maxQueued();
    }

    /** Boot: wait for the database, then migrate. */
    interface Boot {
        /** How long to wait for the database at boot before giving up with a non-zero exit. */
        @WithDefault("PT60S")
        Duration databaseWait();
    }

    /** Trading-journal limits. */
    Journal journal();

    /** Prediction rules. */
    Prediction prediction();

    /** The agent command queue. */
    Queue queue();

    /** The decision cache. */
    Cache cache();

    /** Idempotency keys of creating POSTs. */
    Idempotency idempotency();

    /** Pool settings applied by {@link dev.tickvault.ops.db.PoolCustomizer}. */
    interface Pool {
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

    /** Limits of {@code POST /api/v1/bars}. */
    interface Ingest {
        /** Rows per request; more is 413. */
        @WithDefault("100000")
        int maxRows();

        /** Bodies larger than this (bytes) are parsed on a worker thread rather than the event loop. */
        @WithDefault("1048576")
        int workerParseThresholdBytes();
    }

    /** Health-check settings. */
    interface Health {
        /** Timeout of the readiness probe's {@code SELECT 1}. */
        @WithDefault("PT1S")
        Duration queryTimeout();
    }

    /** The embedded PostgreSQL that dev mode starts when no database is configured. */
    interface Dev {
        /** Its data directory, kept across restarts. */
        @WithDefault(".tickvault/dev-db")
        String dataDir();

        /** Its port on 127.0.0.1; 0 picks a free one. */
        @WithDefault("0")
        int port();

        /** Set by the launcher: whether the datasource points at the embedded server. */
        @WithDefault("false")
        boolean embeddedDatabase();

        /** Set by the launcher: the port the embedded server took, reused across live reloads. */
        java.util.OptionalInt embeddedPort();
    }

    /** Limits of the journal's batch endpoints. */
    interface Journal {
        /** Records in one {@code POST /api/v1/decisions} batch (array or NDJSON); more is 413. */
        @WithDefault("10000")
        int maxBatch();

        /**
         * Group-commit inserts of decisions without an idempotency key that may run at once; requests arriving
         * meanwhile are written together by the next one ({@code DecisionWriter}).
         */
        @WithDefault("4")
        int writeConcurrency();

        /** Rows from which a group-commit insert takes no further request. */
        @WithDefault("1000")
        int writeGroupRows();
    }

    /** Predictions (DESIGN 4). */
    interface Prediction {
        /**
         * Confidence from which a prediction is worth trading: {@code shouldTrade} is
         * {@code confidence >= trade-threshold}, derived on every read, so a change applies to old predictions too.
         */
        @WithDefault("0.70")
        java.math.BigDecimal tradeThreshold();
    }

    /** The agent command queue (DESIGN 5). */
    interface Queue {
        /**
         * Claims a command may take: a command whose lease expires, or that fails with {@code retry}, after
         * this many attempts moves to {@code DEAD} instead of being handed out again.
         */
        @WithDefault("5")
        int maxAttempts();

        /** Longest lease a claim may ask for, in seconds ({@code leaseSeconds}); more is 400. */
        @WithDefault("3600")
        int maxLeaseSeconds();

        /**
         * How often the {@code tickvault_queue_depth} gauges are refreshed from the database, and expired
         * leases of exhausted commands moved to {@code DEAD}.
         */
        @WithDefault("PT5S")
        Duration depthRefresh();
    }

    /** The backtest decision cache (DESIGN 5). */
    interface Cache {
        /** Lifetime of an entry written without {@code ttlSeconds}. */
        @WithDefault("PT24H")
        Duration defaultTtl();

        /** Longest lifetime an entry may ask for; a larger {@code ttlSeconds} is 400. */
        @WithDefault("P30D")
        Duration maxTtl();

        /** How often expired entries are deleted (reads never return them, swept or not). */
        @WithDefault("PT1M")
        Duration sweepInterval();
    }

    /** Idempotency keys (DESIGN 2). */
    interface Idempotency {
        /** How long a key and its stored response are kept; a key may be reused for a new request after it. */
        @WithDefault("PT24H")
        Duration ttl();

        /** How often expired keys are deleted. */
        @WithDefault("PT10M")
        Duration sweepInterval();
    }

    /** Gap reports ({@code GET /api/v1/bars/{symbol}/gaps}). */
    Gaps gaps();

    /**
     * Bounds of a gap report, so that neither the database nor the JVM builds an unbounded answer: the range is
     * bounded here, the answer is paged ({@code limit}, {@code cursor}, DESIGN 2).
     */
    interface Gaps {
        /**
         * Most timeframe slots a report's range [from, to) may span ({@code (to - from) / timeframe}, in days for
         * {@code 1d}, whatever the calendar); more is 400. The default is a leap year of {@code 1m} slots
         * (366 x 1,440): the SQL of a report over a year of 1m bars took 0.15-0.25 s (README, "Gaps"). The work of
         * a page grows with the bars and missing slots in the range, so a larger bound makes each page slower.
         */
        @WithDefault("527040")
        long maxSlots();
    }

    /** The bundled real market data (S&P 500 2000-2020 daily, VIX 2009 daily). */
    interface SampleData {
        /** Load it at boot when the database has no {@code ^GSPC 1d} bars yet; on in dev mode. */
        @WithDefault("false")
        boolean load();
    }
}
