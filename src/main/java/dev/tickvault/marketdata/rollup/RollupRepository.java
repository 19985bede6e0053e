package dev.tickvault.marketdata.rollup;

import dev.tickvault.marketdata.BarRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL of the rollups ({@code market_data.rollups}, {@code rollup_bars}, {@code rollup_dirty}, migration V30). */
@ApplicationScoped
public class RollupRepository {

    private static final String LIST = """
            SELECT r.source, r.bucket, r.watermark, r.row_count, r.created_at, r.last_refresh_at, r.last_refresh_ms,
                   (SELECT count(*) FROM market_data.rollup_dirty d
                     WHERE d.source = r.source AND d.bucket = r.bucket AND d.bucket_ts < r.watermark) AS pending,
                   greatest(0,
                       extract(epoch FROM now() - coalesce(r.watermark + make_interval(secs => r.bucket_seconds),
                                                           r.created_at)),
                       extract(epoch FROM now() - (SELECT min(d.created_at) FROM market_data.rollup_dirty d
                                                    WHERE d.source = r.source AND d.bucket = r.bucket
                                                      AND d.bucket_ts < r.watermark)))::float8 AS lag_seconds
              FROM market_data.rollups r
            """;
    private static final String ONE = LIST + " WHERE r.source = $1 AND r.bucket = $2";
    private static final String INSERT = """
            INSERT INTO market_data.rollups (source, bucket, bucket_seconds) VALUES ($1, $2, $3)
            ON CONFLICT (source, bucket) DO NOTHING RETURNING source
            """;
    private static final String DELETE = "DELETE FROM market_data.rollups WHERE source = $1 AND bucket = $2";

    /** The rollup's row for its refresher, or nothing when another instance refreshes it right now. */
    private static final String LOCK = "SELECT watermark, bucket_seconds FROM market_data.rollups"
            + " WHERE source = $1 AND bucket = $2 FOR NO KEY UPDATE SKIP LOCKED";
    /**
     * Takes up to $3 dirty buckets, in key order (the order writers lock them in), waiting for any write still
     * holding one (the writer's {@code DO UPDATE ... WHERE false}), so the re-aggregation that follows sees it.
     */
    private static final String TAKE_DIRTY = """
            DELETE FROM market_data.rollup_dirty d
             USING (SELECT symbol, bucket_ts FROM market_data.rollup_dirty WHERE source = $1 AND bucket = $2
                     ORDER BY symbol, bucket_ts LIMIT $3 FOR UPDATE) p
             WHERE d.source = $1 AND d.bucket = $2 AND d.symbol = p.symbol AND d.bucket_ts = p.bucket_ts
            RETURNING d.symbol, d.bucket_ts
            """;
    private static final String UPSERT_BUCKETS = """
            INSERT INTO market_data.rollup_bars AS r (source, bucket, symbol, ts, open, high, low, close, volume,
                                                       weighted, bar_count, first_ts)
            SELECT $1, $2, symbol, bucket_ts, open, high, low, close, volume, weighted, bar_count, first_ts FROM agg
            ON CONFLICT (source, bucket, symbol, ts) DO UPDATE
               SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
                   volume = EXCLUDED.volume, weighted = EXCLUDED.weighted, bar_count = EXCLUDED.bar_count,
                   first_ts = EXCLUDED.first_ts
            RETURNING (r.xmax = 0) AS inserted""";
    /**
     * Aggregates the dirty buckets ($3 symbols, $4 bucket starts, $5 the width in seconds) from the bars again, one
     * primary-key range probe each (pruned to its partition), and replaces them; a bucket left without bars leaves
     * the rollup.
     */
    private static final String REAGGREGATE = """
            WITH keys AS (
                SELECT * FROM unnest($3::text[], $4::timestamptz[]) AS k(symbol, bucket_ts)
            ), agg AS (
                SELECT k.symbol, k.bucket_ts, a.* FROM keys k CROSS JOIN LATERAL (
                    SELECT %1$s, min(ts) AS first_ts FROM market_data.ohlcv
                     WHERE symbol = k.symbol AND timeframe = $1 AND ts >= k.bucket_ts
                       AND ts < k.bucket_ts + make_interval(secs => $5)) a
                 WHERE a.bar_count > 0
            ), upserted AS (
            %2$s
            ), removed AS (
                DELETE FROM market_data.rollup_bars r USING keys k
                 WHERE r.source = $1 AND r.bucket = $2 AND r.symbol = k.symbol AND r.ts = k.bucket_ts
                   AND NOT EXISTS (SELECT 1 FROM agg WHERE agg.symbol = k.symbol AND agg.bucket_ts = k.bucket_ts)
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM upserted WHERE inserted) - (SELECT count(*) FROM removed) AS delta,
                   (SELECT count(*) FROM upserted) + (SELECT count(*) FROM removed) AS buckets
            """.formatted(BarRepository.BUCKET_AGGREGATES, UPSERT_BUCKETS);
    /** The open time of the first bar of timeframe $1 at or after $2, one index probe per series. */
    private static final String NEXT_BAR = """
            SELECT min(f.ts) AS next_ts FROM market_data.series s
             CROSS JOIN LATERAL (SELECT ts FROM market_data.ohlcv o
                                  WHERE o.symbol = s.symbol AND o.timeframe = s.timeframe AND o.ts >= $2
                                  ORDER BY o.ts LIMIT 1) f
             WHERE s.timeframe = $1 AND s.last_ts >= $2
            """;
    /**
     * Aggregates the buckets of [$3, $4) of every series of timeframe $1 (a range probe of the primary key per
     * series, pruned to the range's partitions) into the rollup.
     */
    private static final String ADVANCE = """
            WITH agg AS (
                SELECT s.symbol, a.* FROM market_data.series s CROSS JOIN LATERAL (
                    SELECT date_bin(make_interval(secs => $5), ts, TIMESTAMPTZ '2000-01-03 00:00:00+00') AS bucket_ts,
                           %1$s, min(ts) AS first_ts
                      FROM market_data.ohlcv o WHERE o.symbol = s.symbol AND o.timeframe = $1 AND o.ts >= $3
                       AND o.ts < $4
                     GROUP BY 1) a
                 WHERE s.timeframe = $1 AND s.last_ts >= $3 AND s.first_ts < $4
            ), upserted AS (
            %2$s
            )
            SELECT count(*) FILTER (WHERE inserted) AS delta, count(*) AS buckets FROM upserted
            """.formatted(BarRepository.BUCKET_AGGREGATES, UPSERT_BUCKETS);
    private static final String MOVE = """
            UPDATE market_data.rollups SET watermark = $3, row_count = row_count + $4, last_refresh_at = now(),
                   last_refresh_ms = $5
             WHERE source = $1 AND bucket = $2
            """;

    private final Pool pool;

    public RollupRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Every rollup with its state, in no particular order. Prepared, as {@link #one} is: in the binary format a
     * watermark before year 1 is read, which the client's text decoder does not parse.
     */
    public Uni<List<RollupView>> list() {
        return pool.preparedQuery(LIST).execute().map(RollupRepository::views);
    }

    /** One rollup with its state, if declared. */
    public Uni<Optional<RollupView>> one(String source, String bucket) {
        return pool.preparedQuery(ONE).execute(Tuple.of(source, bucket))
                .map(rows -> views(rows).stream().findFirst());
    }

    /** Declares a rollup; false when it was declared already. */
    public Uni<Boolean> insert(String source, String bucket, long bucketSeconds) {
        return pool.preparedQuery(INSERT).execute(Tuple.of(source, bucket, (int) bucketSeconds))
                .map(rows -> rows.size() > 0);
    }

    /** Removes a rollup with its buckets and dirty list; false when it was not declared. */
    public Uni<Boolean> delete(String source, String bucket) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(source, bucket)).map(rows -> rows.rowCount() > 0);
    }

    /** The locked rollup row: its watermark (null before the first refresh) and width. */
    public record Locked(OffsetDateTime watermark, long bucketSeconds) {
    }

    /** Locks the rollup's row for its refresh transaction; empty when another refresher holds it. */
    public Uni<Optional<Locked>> lock(SqlConnection tx, String source, String bucket) {
        return tx.preparedQuery(LOCK).execute(Tuple.of(source, bucket)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new Locked(row.getOffsetDateTime("watermark"), row.getInteger("bucket_seconds")));
        });
    }

    /** A dirty bucket taken by a refresh. */
    public record Dirty(String symbol, OffsetDateTime bucketTs) {
    }

    /** Takes (deletes) up to {@code limit} dirty buckets of the rollup, in key order. */
    public Uni<List<Dirty>> takeDirty(SqlConnection tx, String source, String bucket, int limit) {
        return tx.preparedQuery(TAKE_DIRTY).execute(Tuple.of(source, bucket, limit)).map(rows -> {
            List<Dirty> out = new ArrayList<>(rows.size());
            for (Row row : rows) {
                out.add(new Dirty(row.getString("symbol"), row.getOffsetDateTime("bucket_ts")));
            }
            return out;
        });
    }

    /** Counts of a refresh step: the change in the rollup's rows and the buckets written or removed. */
    public record Written(long delta, long buckets) {
    }

    /** Re-aggregates the given buckets from the bars. */
    public Uni<Written> reaggregate(SqlConnection tx, String source, String bucket, long seconds, List<Dirty> dirty) {
        if (dirty.isEmpty()) {
            return Uni.createFrom().item(new Written(0, 0));
        }
        String[] symbols = dirty.stream().map(Dirty::symbol).toArray(String[]::new);
        OffsetDateTime[] starts = dirty.stream().map(Dirty::bucketTs).toArray(OffsetDateTime[]::new);
        return tx.preparedQuery(REAGGREGATE)
                .execute(Tuple.tuple().addString(source).addString(bucket).addValue(symbols).addValue(starts)
                        .addDouble((double) seconds))
                .map(RollupRepository::written);
    }

    /** The open time of the first bar of the timeframe at or after {@code from}, if any. */
    public Uni<Optional<Instant>> nextBar(SqlConnection tx, String source, OffsetDateTime from) {
        return tx.preparedQuery(NEXT_BAR).execute(Tuple.of(source, from)).map(rows -> {
            OffsetDateTime next = rows.iterator().next().getOffsetDateTime("next_ts");
            return Optional.ofNullable(next).map(OffsetDateTime::toInstant);
        });
    }

    /** Aggregates the buckets of [from, to) of every series of the source timeframe into the rollup. */
    public Uni<Written> advance(SqlConnection tx, String source, String bucket, long seconds, Instant from,
            Instant to) {
        return tx.preparedQuery(ADVANCE)
                .execute(Tuple.tuple().addString(source).addString(bucket).addOffsetDateTime(utc(from))
                        .addOffsetDateTime(utc(to)).addDouble((double) seconds))
                .map(RollupRepository::written);
    }

    /** Moves the watermark and records the refresh. */
    public Uni<Void> move(SqlConnection tx, String source, String bucket, Instant watermark, long rowDelta,
            double millis) {
        return tx.preparedQuery(MOVE).execute(Tuple.of(source, bucket, utc(watermark), rowDelta, millis))
                .replaceWithVoid();
    }

    /** The pool, for the refresh's transactions. */
    Pool pool() {
        return pool;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Written written(RowSet<Row> rows) {
        Row row = rows.iterator().next();
        return new Written(row.getLong("delta"), row.getLong("buckets"));
    }

    private static List<RollupView> views(RowSet<Row> rows) {
        List<RollupView> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            OffsetDateTime watermark = row.getOffsetDateTime("watermark");
            OffsetDateTime refreshed = row.getOffsetDateTime("last_refresh_at");
            out.add(new RollupView(row.getString("source"), row.getString("bucket"),
                    watermark == null ? null : watermark.toInstant(), row.getDouble("lag_seconds"),
                    row.getLong("pending"), row.getLong("row_count"), refreshed == null ? null : refreshed.toInstant(),
                    row.getDouble("last_refresh_ms"), row.getOffsetDateTime("created_at").toInstant()));
        }
        return out;
    }
}
