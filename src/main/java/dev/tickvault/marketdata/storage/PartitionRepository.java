package dev.tickvault.marketdata.storage;

import dev.tickvault.marketdata.Timeframe;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL of the partitions of {@code market_data.ohlcv} and of the retention policies, through the reactive
 * {@link Pool}. Every change to the schema goes through the {@code SECURITY DEFINER} functions of migration
 * V6 ({@code market_data.ensure_ohlcv_partition}, {@code market_data.drop_ohlcv_partition}): the runtime role
 * runs no DDL and passes no SQL text, only a timeframe, a time, a span or a partition's name.
 */
@ApplicationScoped
public class PartitionRepository {

    /**
     * Ensures the partitions holding each (timeframe, time, span) of the arrays, in the order given: callers
     * sort by timeframe so that two instances take the per-timeframe locks in one order.
     */
    private static final String ENSURE = """
            SELECT e.table_name, e.range_from, e.range_to, e.created, i.timeframe
              FROM unnest($1::text[], $2::timestamptz[], $3::text[]) WITH ORDINALITY AS i(timeframe, ts, span, ord)
             CROSS JOIN LATERAL market_data.ensure_ohlcv_partition(i.timeframe, i.ts, i.span) AS e
             ORDER BY i.ord
            """;
    private static final String ALL = "SELECT timeframe, table_name, range_from, range_to FROM market_data.ohlcv_partitions";

    /** The order timeframes are listed in: by length, not by their text. */
    private static final String TIMEFRAME_ORDER = "array_position(ARRAY['1m','5m','15m','30m','1h','4h','1d','1w'], p.timeframe)";

    /**
     * A page of partitions after the cursor (a timeframe and a range start), with their size and row estimate:
     * {@code reltuples} once the table was vacuumed or analysed, the statistics system's live-row count before
     * (PostgreSQL manual 24.1.3 and 28.2.2: {@code reltuples} is -1 until then).
     */
    private static final String PAGE = """
            SELECT p.timeframe, p.table_name, p.range_from, p.range_to,
                   CASE WHEN c.reltuples >= 0 AND greatest(s.last_vacuum, s.last_autovacuum, s.last_analyze,
                                                           s.last_autoanalyze) IS NOT NULL
                        THEN c.reltuples::bigint ELSE coalesce(s.n_live_tup, 0) END AS row_estimate,
                   coalesce(pg_total_relation_size(c.oid), 0) AS size_bytes
              FROM market_data.ohlcv_partitions p
              LEFT JOIN pg_class c ON c.oid = to_regclass('market_data.' || quote_ident(p.table_name))
              LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
             WHERE ($1::text IS NULL OR p.timeframe = $1)
               AND ($2::text IS NULL OR (%1$s, p.range_from)
                    > (array_position(ARRAY['1m','5m','15m','30m','1h','4h','1d','1w'], $2::text), $3::timestamptz))
             ORDER BY %1$s, p.range_from
             LIMIT $4
            """.formatted(TIMEFRAME_ORDER);

    private static final String POLICIES = "SELECT timeframe, keep, updated_at FROM market_data.retention_policies"
            + " ORDER BY array_position(ARRAY['1m','5m','15m','30m','1h','4h','1d','1w'], timeframe)";
    private static final String POLICY = "SELECT timeframe, keep, updated_at FROM market_data.retention_policies"
            + " WHERE timeframe = $1";
    private static final String PUT_POLICY = """
            INSERT INTO market_data.retention_policies AS r (timeframe, keep, updated_at) VALUES ($1, $2, now())
            ON CONFLICT (timeframe) DO UPDATE SET keep = EXCLUDED.keep, updated_at = now()
            RETURNING timeframe, keep, updated_at
            """;
    private static final String DELETE_POLICY = "DELETE FROM market_data.retention_policies WHERE timeframe = $1";

    /**
     * The partitions lying wholly before their timeframe's horizon, {@code now() - keep} ({@code keep} an ISO-8601
     * duration, which PostgreSQL reads as an interval), oldest first; {@code $1} limits it to one timeframe.
     */
    private static final String EXPIRED = """
            SELECT p.timeframe, p.table_name, p.range_from, p.range_to
              FROM market_data.ohlcv_partitions p
              JOIN market_data.retention_policies r ON r.timeframe = p.timeframe
             WHERE p.range_to <= now() - CAST(r.keep AS interval) AND ($1::text IS NULL OR p.timeframe = $1)
             ORDER BY p.range_from, p.timeframe
            """;
    private static final String DROP = "SELECT market_data.drop_ohlcv_partition($1, $2)";

    private final Pool pool;

    public PartitionRepository(Pool pool) {
        this.pool = pool;
    }

    /** A leaf partition with its size: bytes of table, indexes and TOAST; rows an estimate, never a count. */
    public record PartitionRow(Timeframe timeframe, String table, Instant from, Instant to, long rowEstimate,
            long sizeBytes) {
    }

    /** A retention policy: {@code keep} as given (ISO-8601), when it was last set. */
    public record PolicyRow(Timeframe timeframe, String keep, Instant updatedAt) {
    }

    /** A partition and whether the call created it. */
    record Ensured(PartitionCatalog.Range range, boolean created) {
    }

    /**
     * Makes sure a partition holds each requested time, in one statement (one transaction), creating the
     * missing ones through {@code market_data.ensure_ohlcv_partition}.
     *
     * @param requests one (timeframe, time, span) per span start, sorted by timeframe then time
     */
    Uni<List<Ensured>> ensure(List<Request> requests) {
        int n = requests.size();
        String[] timeframes = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        String[] spans = new String[n];
        for (int i = 0; i < n; i++) {
            timeframes[i] = requests.get(i).timeframe().code();
            times[i] = requests.get(i).ts().atOffset(ZoneOffset.UTC);
            spans[i] = requests.get(i).span().code();
        }
        return pool.preparedQuery(ENSURE).execute(Tuple.of(timeframes, times, spans)).map(rows -> {
            List<Ensured> out = new ArrayList<>(rows.size());
            for (Row row : rows) {
                out.add(new Ensured(new PartitionCatalog.Range(timeframe(row.getString("timeframe")),
                        row.getString("table_name"), instant(row, "range_from"), instant(row, "range_to")),
                        row.getBoolean("created")));
            }
            return out;
        });
    }

    /** A partition to make sure of: the timeframe, a time it must hold, the span of a new one. */
    record Request(Timeframe timeframe, Instant ts, PartitionSpan span) {
    }

    /**
     * Every leaf partition the registry lists. Prepared, so the bounds come in PostgreSQL's binary format: the
     * client's text decoder does not read a timestamp before year 1 ({@code '0001-01-01 00:00:00+00 BC'}), and a
     * 1d or 1w bar on the first storable day makes a partition starting in 1 BC.
     */
    Uni<List<PartitionCatalog.Range>> all() {
        return pool.preparedQuery(ALL).execute().map(rows -> {
            List<PartitionCatalog.Range> out = new ArrayList<>(rows.size());
            for (Row row : rows) {
                out.add(range(row));
            }
            return out;
        });
    }

    /**
     * Up to {@code limit} partitions after ({@code afterTimeframe}, {@code afterFrom}) in (timeframe, start) order,
     * of one timeframe or all.
     */
    public Uni<List<PartitionRow>> page(Timeframe timeframe, Timeframe afterTimeframe, Instant afterFrom, int limit) {
        return pool.preparedQuery(PAGE).execute(Tuple.tuple()
                        .addString(timeframe == null ? null : timeframe.code())
                        .addString(afterTimeframe == null ? null : afterTimeframe.code())
                        .addOffsetDateTime(afterFrom == null ? null : afterFrom.atOffset(ZoneOffset.UTC))
                        .addInteger(limit))
                .map(rows -> {
                    List<PartitionRow> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        out.add(new PartitionRow(timeframe(row.getString("timeframe")), row.getString("table_name"),
                                instant(row, "range_from"), instant(row, "range_to"), row.getLong("row_estimate"),
                                row.getLong("size_bytes")));
                    }
                    return out;
                });
    }

    /** Every retention policy, by timeframe. */
    public Uni<List<PolicyRow>> policies() {
        return pool.preparedQuery(POLICIES).execute().map(PartitionRepository::policies);
    }

    /** One timeframe's policy, if it has one. */
    public Uni<Optional<PolicyRow>> policy(Timeframe timeframe) {
        return pool.preparedQuery(POLICY).execute(Tuple.of(timeframe.code()))
                .map(rows -> policies(rows).stream().findFirst());
    }

    /** Sets a timeframe's policy; {@code keep} is an ISO-8601 duration checked by the caller. */
    public Uni<PolicyRow> putPolicy(Timeframe timeframe, String keep) {
        return pool.preparedQuery(PUT_POLICY).execute(Tuple.of(timeframe.code(), keep))
                .map(rows -> policies(rows).get(0));
    }

    /** Removes a timeframe's policy; false when it had none. */
    public Uni<Boolean> deletePolicy(Timeframe timeframe) {
        return pool.preparedQuery(DELETE_POLICY).execute(Tuple.of(timeframe.code())).map(rows -> rows.rowCount() > 0);
    }

    /** The partitions wholly past their timeframe's horizon, oldest first; of one timeframe, or all when null. */
    Uni<List<PartitionCatalog.Range>> expired(Timeframe timeframe) {
        return pool.preparedQuery(EXPIRED).execute(Tuple.of(timeframe == null ? null : timeframe.code()))
                .map(rows -> {
                    List<PartitionCatalog.Range> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        out.add(range(row));
                    }
                    return out;
                });
    }

    /**
     * Detaches and drops one partition and folds its bars out of the series summary, in one transaction
     * ({@code market_data.drop_ohlcv_partition}); waits at most {@code lockTimeoutMillis} for its timeframe's
     * table, else fails with SQLSTATE 55P03 and changes nothing.
     *
     * @return the bars dropped
     */
    Uni<Long> drop(String table, int lockTimeoutMillis) {
        return pool.preparedQuery(DROP).execute(Tuple.of(table, lockTimeoutMillis))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static List<PolicyRow> policies(RowSet<Row> rows) {
        List<PolicyRow> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            out.add(new PolicyRow(timeframe(row.getString("timeframe")), row.getString("keep"),
                    instant(row, "updated_at")));
        }
        return out;
    }

    private static PartitionCatalog.Range range(Row row) {
        return new PartitionCatalog.Range(timeframe(row.getString("timeframe")), row.getString("table_name"),
                instant(row, "range_from"), instant(row, "range_to"));
    }

    private static Timeframe timeframe(String code) {
        return Timeframe.of(code).orElseThrow(() -> new IllegalStateException("Unknown timeframe in the registry"));
    }

    private static Instant instant(Row row, String column) {
        return row.getOffsetDateTime(column).toInstant();
    }
}
