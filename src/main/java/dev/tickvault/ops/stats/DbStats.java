package dev.tickvault.ops.stats;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/admin/db/stats}: a snapshot of the database tickvault serves from, read from the
 * PostgreSQL catalogue and statistics views (PostgreSQL manual, 27.2 "The Cumulative Statistics System"
 * and 9.27.7 "Database Object Management Functions").
 *
 * @param collectedAt when the snapshot was taken (database clock)
 * @param database name, size on disk and server version
 * @param tables every user table, largest first
 * @param connections client connections to this database by state, and the server's totals
 * @param longestQueries sessions of this database that are not idle, longest-running first
 * @param topStatements the statements with the most total execution time, from {@code pg_stat_statements};
 *     {@code null} when that extension is not installed or not preloaded
 */
@RegisterForReflection
public record DbStats(Instant collectedAt, Database database, List<Table> tables, Connections connections,
        List<RunningQuery> longestQueries, List<Statement> topStatements) {

    /**
     * The database.
     *
     * @param sizeBytes {@code pg_database_size}: every file of the database, indexes and TOAST included
     */
    @RegisterForReflection
    public record Database(String name, long sizeBytes, String serverVersion) {
    }

    /**
     * One table.
     *
     * @param totalBytes table, indexes and TOAST ({@code pg_total_relation_size})
     * @param tableBytes the main fork only ({@code pg_relation_size})
     * @param indexBytes all its indexes ({@code pg_indexes_size})
     * @param rowEstimate {@code pg_class.reltuples} as of the last VACUUM or ANALYZE; for a table never
     *     vacuumed or analysed, the statistics system's live-row count ({@code n_live_tup}). An estimate,
     *     never a {@code count(*)}.
     * @param deadRows {@code n_dead_tup}: rows waiting for VACUUM
     */
    @RegisterForReflection
    public record Table(String schema, String name, long totalBytes, long tableBytes, long indexBytes,
            long rowEstimate, Long deadRows, Instant lastVacuum, Instant lastAnalyze) {
    }

    /**
     * Client connections (background workers not counted).
     *
     * @param byState connections to this database by {@code pg_stat_activity.state} ({@code active},
     *     {@code idle}, {@code idle in transaction}, ...); {@code unknown} for sessions of other roles when
     *     tickvault's role may not see their state (grant it {@code pg_read_all_stats})
     * @param database connections to this database
     * @param server connections to every database of the server
     * @param maxConnections the server's {@code max_connections}
     */
    @RegisterForReflection
    public record Connections(Map<String, Long> byState, long database, long server, int maxConnections) {
    }

    /**
     * A session of this database that is not idle.
     *
     * @param runningMs since its current (or, when idle in a transaction, its last) statement started
     * @param transactionMs since its transaction started; {@code null} outside a transaction
     * @param query the statement text, cut to {@code tickvault.db-stats.query-text-max-length} characters;
     *     {@code null} when hidden or not visible to tickvault's role
     * @param queryTruncated whether {@code query} was cut
     */
    @RegisterForReflection
    public record RunningQuery(int pid, String user, String applicationName, String clientAddress, String state,
            String waitEventType, String waitEvent, Instant queryStart, long runningMs, Long transactionMs,
            String query, boolean queryTruncated) {
    }

    /**
     * A normalised statement from {@code pg_stat_statements} (constants replaced by {@code $n}).
     *
     * @param totalMs total execution time in milliseconds
     * @param meanMs mean execution time in milliseconds
     */
    @RegisterForReflection
    public record Statement(long calls, double totalMs, double meanMs, long rows, String query,
            boolean queryTruncated) {
    }
}
