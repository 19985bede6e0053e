package dev.tickvault.ops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Operations settings (DESIGN 7): boot, readiness, database statistics, production safety and the quick
 * start's embedded PostgreSQL.
 */
@ConfigMapping(prefix = "tickvault")
public interface OpsConfig {

    /**
     * Start in the prod profile despite an empty or well-known database password or a malformed
     * bootstrap key ({@code TICKVAULT_ALLOW_INSECURE}).
     */
    @WithDefault("false")
    boolean allowInsecure();

    /** The boot sequence. */
    Boot boot();

    /** Readiness and database health settings. */
    Health health();

    /** {@code GET /api/v1/admin/db/stats} and the database gauges. */
    DbStats dbStats();

    /** The quick start's embedded PostgreSQL (dev mode only). */
    Dev dev();

    /** Boot: wait for the database, then migrate. */
    interface Boot {
        /** How long to wait for the database at boot before giving up with a non-zero exit. */
        @WithDefault("PT60S")
        Duration databaseWait();
    }

    /** Health-check settings. */
    interface Health {
        /** Timeout of the readiness probe's {@code SELECT 1}. */
        @WithDefault("PT1S")
        Duration queryTimeout();
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
}
