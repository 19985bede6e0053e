package dev.tickvault.ops.stats;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
@Schema(description = "A snapshot of the database tickvault serves from, read from the PostgreSQL catalogue and "
        + "statistics views.")
public record DbStats(
        @Schema(description = "When the snapshot was taken (database clock), RFC 3339 in UTC.") Instant collectedAt,
        @Schema(description = "The database: name, size on disk and server version.") Database database,
        @Schema(description = "Every user table, largest first.") List<Table> tables,
        @Schema(description = "Client connections to this database by state, and the server's totals.")
        Connections connections,
        @Schema(description = "Sessions of this database that are not idle, longest-running first.")
        List<RunningQuery> longestQueries,
        @Schema(description = "The statements with the most total execution time, from pg_stat_statements; null "
                + "when that extension is not installed or not preloaded.") List<Statement> topStatements) {

    /**
     * The database.
     *
     * @param sizeBytes {@code pg_database_size}: every file of the database, indexes and TOAST included
     */
    @RegisterForReflection
    @Schema(description = "The database.")
    public record Database(
            @Schema(description = "The database's name.") String name,
            @Schema(description = "Every file of the database, indexes and TOAST included (pg_database_size), bytes.",
                    minimum = "0") long sizeBytes,
            @Schema(description = "The PostgreSQL server's version.") String serverVersion) {
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
    @Schema(description = "One user table.")
    public record Table(
            @Schema(description = "The table's schema.", examples = "market_data") String schema,
            @Schema(description = "The table's name.") String name,
            @Schema(description = "Table, indexes and TOAST (pg_total_relation_size), bytes.", minimum = "0")
            long totalBytes,
            @Schema(description = "The main fork only (pg_relation_size), bytes.", minimum = "0") long tableBytes,
            @Schema(description = "All its indexes (pg_indexes_size), bytes.", minimum = "0") long indexBytes,
            @Schema(description = "pg_class.reltuples as of the last VACUUM or ANALYZE, or the live-row count "
                    + "(n_live_tup) for a table never vacuumed or analysed; an estimate, never a count(*); rows.")
            long rowEstimate,
            @Schema(description = "Rows waiting for VACUUM (n_dead_tup).") Long deadRows,
            @Schema(description = "When the table was last vacuumed, RFC 3339 in UTC; null when never.")
            Instant lastVacuum,
            @Schema(description = "When the table was last analysed, RFC 3339 in UTC; null when never.")
            Instant lastAnalyze) {
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
    @Schema(description = "Client connections (background workers not counted).")
    public record Connections(
            @Schema(description = "Connections to this database by pg_stat_activity.state (active, idle, idle in "
                    + "transaction, ...); unknown for sessions of other roles whose state tickvault's role may not "
                    + "see.") Map<String, Long> byState,
            @Schema(description = "Connections to this database.", minimum = "0") long database,
            @Schema(description = "Connections to every database of the server.", minimum = "0") long server,
            @Schema(description = "The server's max_connections.") int maxConnections) {
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
    @Schema(description = "A session of this database that is not idle.")
    public record RunningQuery(
            @Schema(description = "The backend's process id.") int pid,
            @Schema(description = "The session's role.") String user,
            @Schema(description = "The client's application_name.") String applicationName,
            @Schema(description = "The client's address; null for a local socket.") String clientAddress,
            @Schema(description = "pg_stat_activity.state.", examples = "active") String state,
            @Schema(description = "pg_stat_activity.wait_event_type; null when not waiting.") String waitEventType,
            @Schema(description = "pg_stat_activity.wait_event; null when not waiting.") String waitEvent,
            @Schema(description = "When its current (or last) statement started, RFC 3339 in UTC.") Instant queryStart,
            @Schema(description = "Since its current (or, when idle in a transaction, its last) statement started, "
                    + "milliseconds.") long runningMs,
            @Schema(description = "Since its transaction started, milliseconds; null outside a transaction.")
            Long transactionMs,
            @Schema(description = "The statement text, cut to tickvault.db-stats.query-text-max-length characters; "
                    + "null when hidden or not visible to tickvault's role.") String query,
            @Schema(description = "Whether query was cut.") boolean queryTruncated) {
    }

    /**
     * A normalised statement from {@code pg_stat_statements} (constants replaced by {@code $n}).
     *
     * @param totalMs total execution time in milliseconds
     * @param meanMs mean execution time in milliseconds
     */
    @RegisterForReflection
    @Schema(description = "A normalised statement from pg_stat_statements (constants replaced by $n).")
    public record Statement(
            @Schema(description = "Times executed.", minimum = "0") long calls,
            @Schema(description = "Total execution time, milliseconds.", minimum = "0") double totalMs,
            @Schema(description = "Mean execution time, milliseconds.", minimum = "0") double meanMs,
            @Schema(description = "Rows retrieved or affected in all, rows.", minimum = "0") long rows,
            @Schema(description = "The statement text, cut to tickvault.db-stats.query-text-max-length characters.")
            String query,
            @Schema(description = "Whether query was cut.") boolean queryTruncated) {
    }
}
