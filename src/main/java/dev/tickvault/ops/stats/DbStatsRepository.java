package dev.tickvault.ops.stats;

import dev.tickvault.common.DatabaseFailures;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL over the PostgreSQL catalogue and statistics views, through the reactive pool. Every statement
 * reads views only and takes no lock a writer would wait for.
 */
@Singleton
public class DbStatsRepository {

    private static final String DATABASE = """
            SELECT now() AS collected_at, current_database() AS name,
                   pg_database_size(current_database()) AS size_bytes,
                   current_setting('server_version') AS server_version,
                   current_setting('max_connections')::int AS max_connections
            """;

    // reltuples is the planner's figure from the last VACUUM or ANALYZE (before that -1, or 0 once an index
    // was built on the empty table); until then the statistics system's n_live_tup is the better guess. A
    // partitioned table (market_data.ohlcv) has no storage of its own: its sizes and dead rows are those of its
    // leaf partitions (pg_partition_tree), which are not listed one by one (GET /api/v1/admin/partitions is).
    private static final String TABLES = """
            SELECT n.nspname AS schema_name, c.relname AS table_name,
                   coalesce(p.total_bytes, pg_total_relation_size(c.oid)) AS total_bytes,
                   coalesce(p.table_bytes, pg_relation_size(c.oid)) AS table_bytes,
                   coalesce(p.index_bytes, pg_indexes_size(c.oid)) AS index_bytes,
                   CASE WHEN c.reltuples >= 0 AND coalesce(s.last_vacuum, s.last_autovacuum, s.last_analyze,
                                                           s.last_autoanalyze) IS NOT NULL
                        THEN c.reltuples::bigint
                        ELSE coalesce(p.live_rows, s.n_live_tup, greatest(c.reltuples, 0)::bigint) END AS row_estimate,
                   coalesce(p.dead_rows, s.n_dead_tup) AS dead_rows,
                   greatest(s.last_vacuum, s.last_autovacuum) AS last_vacuum,
                   greatest(s.last_analyze, s.last_autoanalyze) AS last_analyze
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
              LEFT JOIN LATERAL (
                  SELECT sum(pg_total_relation_size(t.relid))::bigint AS total_bytes,
                         sum(pg_relation_size(t.relid))::bigint AS table_bytes,
                         sum(pg_indexes_size(t.relid))::bigint AS index_bytes,
                         sum(ls.n_live_tup)::bigint AS live_rows, sum(ls.n_dead_tup)::bigint AS dead_rows
                    FROM pg_partition_tree(c.oid) t
                    LEFT JOIN pg_stat_user_tables ls ON ls.relid = t.relid
                   WHERE t.isleaf) p ON c.relkind = 'p'
             WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
               AND n.nspname NOT IN ('pg_catalog', 'information_schema')
               AND n.nspname NOT LIKE 'pg\\_toast%'
               AND n.nspname NOT LIKE 'pg\\_temp%'
             ORDER BY total_bytes DESC, schema_name, table_name
             LIMIT 1000
            """;

    private static final String CONNECTIONS = """
            SELECT coalesce(state, 'unknown') AS state, count(*) AS connections
              FROM pg_stat_activity
             WHERE backend_type = 'client backend' AND datname = current_database()
             GROUP BY 1
             ORDER BY 1
            """;

    private static final String SERVER_CONNECTIONS = """
            SELECT count(*) AS connections FROM pg_stat_activity WHERE backend_type = 'client backend'
            """;

    // $1: how many sessions; $2: longest query text (0 hides it).
    private static final String LONGEST = """
            SELECT a.pid, a.usename AS user_name, a.application_name, host(a.client_addr) AS client_address,
                   a.state, a.wait_event_type, a.wait_event, a.query_start,
                   (extract(epoch FROM clock_timestamp() - a.query_start) * 1000)::bigint AS running_ms,
                   (extract(epoch FROM clock_timestamp() - a.xact_start) * 1000)::bigint AS transaction_ms,
                   CASE WHEN $2 > 0 THEN left(a.query, $2) END AS query,
                   $2 > 0 AND length(a.query) > $2 AS query_truncated
              FROM pg_stat_activity a
             WHERE a.backend_type = 'client backend' AND a.datname = current_database()
               AND a.pid <> pg_backend_pid() AND a.state IS NOT NULL AND a.state <> 'idle'
               AND a.query_start IS NOT NULL
             ORDER BY a.query_start
             LIMIT $1::int4
            """;

    // Raises 42P01 (no extension) or 55000 (extension not in shared_preload_libraries): then no statements.
    private static final String STATEMENTS = """
            SELECT s.calls, s.total_exec_time AS total_ms, s.mean_exec_time AS mean_ms, s.rows,
                   CASE WHEN $2 > 0 THEN left(s.query, $2) END AS query,
                   $2 > 0 AND length(s.query) > $2 AS query_truncated
              FROM pg_stat_statements s
              JOIN pg_database d ON d.oid = s.dbid
             WHERE d.datname = current_database()
             ORDER BY s.total_exec_time DESC
             LIMIT $1::int4
            """;

    // One row for the gauges: size and this database's client connections by state.
    private static final String GAUGES = """
            SELECT pg_database_size(current_database()) AS size_bytes,
                   count(*) FILTER (WHERE a.state = 'active') AS active,
                   count(*) FILTER (WHERE a.state = 'idle') AS idle,
                   count(*) FILTER (WHERE a.state LIKE 'idle in transaction%') AS idle_in_transaction,
                   count(*) FILTER (WHERE a.state IS NULL OR a.state NOT IN ('active', 'idle')
                                      AND a.state NOT LIKE 'idle in transaction%') AS other
              FROM pg_stat_activity a
             WHERE a.backend_type = 'client backend' AND a.datname = current_database()
            """;

    private final Pool pool;

    public DbStatsRepository(Pool pool) {
        this.pool = pool;
    }

    /** The gauges' figures: size in bytes and connections by state. */
    public record GaugeReading(long sizeBytes, long active, long idle, long idleInTransaction, long other) {
    }

    /**
     * Takes a snapshot on one pooled connection (a handful of short catalogue reads, one after the other).
     *
     * @param queries how many running sessions and top statements to list
     * @param textLimit longest query text in characters; 0 hides query text
     */
    public Uni<DbStats> snapshot(int queries, int textLimit) {
        return pool.withConnection(conn -> conn.query(DATABASE).execute().map(rows -> rows.iterator().next())
                .chain(db -> conn.query(TABLES).execute().map(DbStatsRepository::tables)
                        .chain(tables -> connections(conn, db.getInteger("max_connections"))
                                .chain(connections -> conn.preparedQuery(LONGEST).execute(Tuple.of(queries, textLimit))
                                        .map(DbStatsRepository::running)
                                        .chain(running -> statements(conn, queries, textLimit)
                                                .map(statements -> new DbStats(instant(db.getOffsetDateTime("collected_at")),
                                                        new DbStats.Database(db.getString("name"), db.getLong("size_bytes"),
                                                                db.getString("server_version")),
                                                        tables, connections, running, statements)))))));
    }

    /** The figures behind {@code tickvault_database_size_bytes} and {@code tickvault_database_connections}. */
    public Uni<GaugeReading> gauges() {
        // withConnection: see DatabaseProbe (a failed pool-level execute logs a stray timer error).
        return pool.withConnection(connection -> connection.query(GAUGES).execute()).map(rows -> {
            Row row = rows.iterator().next();
            return new GaugeReading(row.getLong("size_bytes"), row.getLong("active"), row.getLong("idle"),
                    row.getLong("idle_in_transaction"), row.getLong("other"));
        });
    }

    private static Uni<DbStats.Connections> connections(SqlConnection conn, int maxConnections) {
        return conn.query(CONNECTIONS).execute().chain(rows -> {
            Map<String, Long> byState = new LinkedHashMap<>();
            long database = 0;
            for (Row row : rows) {
                long n = row.getLong("connections");
                byState.put(row.getString("state"), n);
                database += n;
            }
            long inDatabase = database;
            return conn.query(SERVER_CONNECTIONS).execute().map(server -> new DbStats.Connections(byState, inDatabase,
                    server.iterator().next().getLong("connections"), maxConnections));
        });
    }

    private static Uni<List<DbStats.Statement>> statements(SqlConnection conn, int limit, int textLimit) {
        return conn.preparedQuery(STATEMENTS).execute(Tuple.of(limit, textLimit))
                .map(rows -> {
                    List<DbStats.Statement> list = new ArrayList<>();
                    for (Row row : rows) {
                        list.add(new DbStats.Statement(row.getLong("calls"), row.getDouble("total_ms"),
                                row.getDouble("mean_ms"), row.getLong("rows"), row.getString("query"),
                                Boolean.TRUE.equals(row.getBoolean("query_truncated"))));
                    }
                    return list;
                })
                // Not installed, or installed without shared_preload_libraries: a snapshot without it.
                .onFailure(DbStatsRepository::statementsUnavailable).recoverWithNull();
    }

    private static boolean statementsUnavailable(Throwable failure) {
        return DatabaseFailures.isFeatureUnavailable(failure);
    }

    private static List<DbStats.Table> tables(Iterable<Row> rows) {
        List<DbStats.Table> tables = new ArrayList<>();
        for (Row row : rows) {
            tables.add(new DbStats.Table(row.getString("schema_name"), row.getString("table_name"),
                    row.getLong("total_bytes"), row.getLong("table_bytes"), row.getLong("index_bytes"),
                    row.getLong("row_estimate"), row.getLong("dead_rows"),
                    instant(row.getOffsetDateTime("last_vacuum")), instant(row.getOffsetDateTime("last_analyze"))));
        }
        return tables;
    }

    private static List<DbStats.RunningQuery> running(Iterable<Row> rows) {
        List<DbStats.RunningQuery> list = new ArrayList<>();
        for (Row row : rows) {
            list.add(new DbStats.RunningQuery(row.getInteger("pid"), row.getString("user_name"),
                    row.getString("application_name"), row.getString("client_address"), row.getString("state"),
                    row.getString("wait_event_type"), row.getString("wait_event"),
                    instant(row.getOffsetDateTime("query_start")), row.getLong("running_ms"),
                    row.getLong("transaction_ms"), row.getString("query"),
                    Boolean.TRUE.equals(row.getBoolean("query_truncated"))));
        }
        return list;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
