package dev.tickvault.marketdata;

import dev.tickvault.common.DatabaseFailures;
import dev.tickvault.common.Decimals;
import dev.tickvault.common.FeedEvents;
import dev.tickvault.common.Page;
import dev.tickvault.marketdata.storage.PartitionedBatch;
import dev.tickvault.ops.db.Reads;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * SQL of the market-data hot paths, through the reactive {@link Pool}: prepared statements, set-based
 * writes ({@code unnest} arrays), index-ordered reads on the primary key {@code (symbol, timeframe, ts)}.
 * Time bounds are half-open {@code [from, to)}; an absent bound is {@link #FAR_PAST} or {@link #FAR_FUTURE},
 * which let every stored bar through. Writes go to the primary's pool; the reads that tolerate replication
 * delay run on the server their {@link Reads} names (a read replica or the primary, chosen by the service).
 */
@ApplicationScoped
public class BarRepository {

    /**
     * The lower bound of an open range: the Vert.x PostgreSQL client sends {@code OffsetDateTime.MIN} as the
     * earliest timestamp PostgreSQL stores (4714-11-24 00:00 UTC BC, its {@code DataTypeCodec} clamps to
     * it), so {@code ts >= FAR_PAST} holds for every finite timestamp: a fixed date such as 0001-01-01 would
     * hide any bar stored before it ({@code 0001-01-01T00:00:00+01:00} is 0000-12-31T23:00Z).
     */
    static final OffsetDateTime FAR_PAST = OffsetDateTime.MIN;
    /**
     * The upper bound of an open range: {@code OffsetDateTime.MAX} goes out as PostgreSQL's {@code 'infinity'},
     * so {@code ts < FAR_FUTURE} holds for every finite timestamp, the bars of 9999-12-31 (and any later
     * UTC time a body's offset makes) included, which 9999-12-31T00:00Z as a bound excluded.
     */
    static final OffsetDateTime FAR_FUTURE = OffsetDateTime.MAX;

    private static final String COLUMNS = "symbol, timeframe, ts, open, high, low, close, volume, vwap, trade_count, source";
    /**
     * The columns {@link BarJson} writes from: the prices as PostgreSQL's text of the {@code NUMERIC}, which
     * is what PostgreSQL sends for a numeric anyway; the client then neither parses nor reformats them.
     */
    static final String JSON_COLUMNS = "symbol, timeframe, ts, open::text, high::text, low::text, close::text, volume,"
            + " vwap::text, trade_count, source, adj_close::text";
    /** The columns the reads return: the written ones and the vendor's adjusted close. */
    static final String READ_COLUMNS = COLUMNS + ", adj_close";

    /** The batch as rows: one array per column, in the order of {@link #COLUMNS}, the prices as {@code NUMERIC}. */
    private static final String INPUT = """
            input AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::numeric[], $5::numeric[],
                                     $6::numeric[], $7::numeric[], $8::int8[], $9::numeric[], $10::int8[], $11::text[])
                    AS t(symbol, timeframe, ts, open, high, low, close, volume, vwap, trade_count, source)
            )""";

    /**
     * {@link #INPUT} with the prices sent as their unscaled values at 8 decimals ({@code int8}, in the binary
     * format: 8 bytes each), made exact {@code NUMERIC}s again by a multiplication (the product of an integer and
     * {@code 0.00000001} has scale 8, PostgreSQL manual, 9.3 Mathematical Functions and Operators). The driver
     * sends a {@code NUMERIC} only as text, formatted through {@code BigDecimal.toString} (about 200 bytes of
     * garbage a price), which PostgreSQL then parses again.
     */
    private static final String SCALED_INPUT = """
            input AS (
                SELECT t.symbol, t.timeframe, t.ts, t.open * 0.00000001 AS open, t.high * 0.00000001 AS high,
                       t.low * 0.00000001 AS low, t.close * 0.00000001 AS close, t.volume,
                       t.vwap * 0.00000001 AS vwap, t.trade_count, t.source
                  FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int8[], $5::int8[], $6::int8[],
                              $7::int8[], $8::int8[], $9::int8[], $10::int8[], $11::text[])
                    AS t(symbol, timeframe, ts, open, high, low, close, volume, vwap, trade_count, source)
            )""";

    /**
     * Upserts the input rows ({@code %1$s}: a condition on them, or nothing) into one leaf partition
     * ({@code %3$s}), rewriting only rows whose values differ. {@code xmax = 0} marks a row this statement
     * inserted (PostgreSQL system columns, chapter 5.6), which PostgreSQL gives of a plain table only, not
     * through a partitioned one: hence one statement per leaf partition.
     */
    private static final String UPSERTED = """
            upserted AS (
                INSERT INTO market_data.%3$s AS o (%2$s)
                SELECT %2$s FROM input%1$s
                ON CONFLICT (symbol, timeframe, ts) DO UPDATE
                   SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
                       volume = EXCLUDED.volume, vwap = EXCLUDED.vwap, trade_count = EXCLUDED.trade_count,
                       source = EXCLUDED.source
                 WHERE (o.open, o.high, o.low, o.close, o.volume, o.vwap, o.trade_count, o.source)
                       IS DISTINCT FROM (EXCLUDED.open, EXCLUDED.high, EXCLUDED.low, EXCLUDED.close,
                                         EXCLUDED.volume, EXCLUDED.vwap, EXCLUDED.trade_count, EXCLUDED.source)
                RETURNING o.symbol, o.timeframe, o.ts, (o.xmax = 0) AS inserted, o.open, o.high, o.low, o.close,
                          o.volume, o.vwap, o.trade_count, o.source
            )""";

    /**
     * Records the rollup buckets the written rows ({@code %1$s}: the CTE that returned them) fall in, for every
     * rollup of their timeframe ({@code market_data.rollups}), in the write's own statement and so its
     * transaction: the refresh job re-aggregates them. A bucket already listed is kept as it is, but locked
     * ({@code DO UPDATE ... WHERE false} locks the row and writes nothing, PostgreSQL manual, INSERT), so the job
     * cannot take it away and re-aggregate it before this write commits. In key order, as the job takes them.
     */
    static final String ROLLUP_DIRTY = """
            rollup_dirty AS (
                INSERT INTO market_data.rollup_dirty AS d (source, bucket, symbol, bucket_ts)
                SELECT r.source, r.bucket, w.symbol,
                       date_bin(make_interval(secs => r.bucket_seconds), w.ts, TIMESTAMPTZ '2000-01-03 00:00:00+00')
                  FROM %1$s w JOIN market_data.rollups r ON r.source = w.timeframe
                 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
                ON CONFLICT (source, bucket, symbol, bucket_ts) DO UPDATE SET created_at = d.created_at WHERE false
            )""";

    /**
     * Folds the written rows ({@code %s}: the CTE that returned them) into the series summary, numbering the
     * statement's event of each series written from the summary row it locks ({@link #EVENTS}); counts them. A
     * series row made again after its bars were all deleted goes on from its newest event kept, so an id is never
     * handed out twice within the replay window.
     */
    private static final String SUMMARY = """
            summary AS (
                INSERT INTO market_data.series AS s (symbol, timeframe, first_ts, last_ts, bar_count, event_seq)
                SELECT w.symbol, w.timeframe, min(w.ts), max(w.ts), count(*) FILTER (WHERE w.inserted),
                       coalesce((SELECT max(e.seq) FROM market_data.bar_events e
                                  WHERE e.symbol = w.symbol AND e.timeframe = w.timeframe), 0) + 1
                  FROM %1$s w GROUP BY w.symbol, w.timeframe ORDER BY w.symbol, w.timeframe
                ON CONFLICT (symbol, timeframe) DO UPDATE
                   SET first_ts = least(s.first_ts, EXCLUDED.first_ts),
                       last_ts = greatest(s.last_ts, EXCLUDED.last_ts),
                       bar_count = s.bar_count + EXCLUDED.bar_count,
                       event_seq = s.event_seq + 1
                RETURNING s.symbol, s.timeframe, s.event_seq
            ),
            """;

    /**
     * The live feed's event of each series the statement wrote ({@code %1$s}: the written rows' CTE): the bars
     * inserted or changed, with the values written (as RETURNING gives them: a join with the input, whose row
     * count the planner cannot estimate, became a nested loop, quadratic in the batch), numbered by the summary row, and
     * the notification that names it ({@code bar|symbol|timeframe|seq}, column {@code notices}), which the service
     * sends on {@value #EVENTS_CHANNEL} once the write has committed ({@code NotificationSender}: a {@code pg_notify}
     * in this statement would serialise every writer's commit). It points at the event, which the listeners read.
     *
     * <p>The rows are grouped once and joined to the summary, not aggregated per summary row in a {@code LATERAL}:
     * the planner costs such a probe as a scan of the whole batch for each series it guesses (a tenth of the rows),
     * and at 10,000 rows that estimate (a million) crossed {@code jit_above_cost} and {@code jit_optimize_above_cost},
     * so PostgreSQL spent 0.7 s of a 0.8 s write compiling the statement (manual, JIT, "When to JIT?").
     */
    private static final String EVENTS = """
            events AS (
                INSERT INTO market_data.bar_events
                       (symbol, timeframe, seq, ts, open, high, low, close, volume, vwap, trade_count, source)
                SELECT s.symbol, s.timeframe, s.event_seq, b.ts, b.open, b.high, b.low, b.close, b.volume, b.vwap,
                       b.trade_count, b.source
                  FROM summary s JOIN (
                       SELECT i.symbol, i.timeframe, array_agg(i.ts) AS ts, array_agg(i.open) AS open,
                              array_agg(i.high) AS high, array_agg(i.low) AS low, array_agg(i.close) AS close,
                              array_agg(i.volume) AS volume, array_agg(i.vwap) AS vwap,
                              array_agg(i.trade_count) AS trade_count, array_agg(i.source) AS source
                         FROM (SELECT w.* FROM %1$s w ORDER BY w.symbol, w.timeframe, w.ts) i
                        GROUP BY i.symbol, i.timeframe) b ON b.symbol = s.symbol AND b.timeframe = s.timeframe
                RETURNING 'bar|' || symbol || '|' || timeframe || '|' || seq AS notice
            )
            SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated,
                   (SELECT array_agg(notice) FROM events) AS notices
              FROM %1$s
            """;

    /** The notification channel of the live feeds; its payload names a feed and an event number. */
    public static final String EVENTS_CHANNEL = "tickvault_live";

    /**
     * One statement per leaf partition ({@code %1$s}) of a batch: upsert its bars and fold the inserted rows into
     * the series summary.
     */
    private static final String UPSERT = upsert(INPUT);
    /** {@link #UPSERT} of a batch sent as {@link #SCALED_INPUT}. */
    private static final String SCALED_UPSERT = upsert(SCALED_INPUT);

    /**
     * {@link #UPSERT} with a fast path for the common case, bars that extend their series: when every bar
     * opens before its series' first bar or after its last ({@code market_data.series}), or the series is
     * new, no existing row can be met, and a plain INSERT does the work without ON CONFLICT's speculative
     * insertion (a third less WAL and index work per row). Otherwise the same upsert as {@link #UPSERT}
     * runs; both branches are in the statement and the {@code fresh} flag empties one of them. A concurrent
     * writer of the same new bars makes the plain INSERT fail with a unique violation (nothing written):
     * {@link #upsert} then runs {@link #UPSERT}.
     */
    private static final String APPEND_OR_UPSERT = appendOrUpsert(INPUT);
    /** {@link #APPEND_OR_UPSERT} of a batch sent as {@link #SCALED_INPUT}. */
    private static final String SCALED_APPEND_OR_UPSERT = appendOrUpsert(SCALED_INPUT);

    private static String upsert(String input) {
        return "WITH " + input + ",\n" + UPSERTED.formatted("", COLUMNS, "%1$s") + ",\n"
                + ROLLUP_DIRTY.formatted("upserted") + ",\n" + SUMMARY.formatted("upserted")
                + EVENTS.formatted("upserted");
    }

    private static String appendOrUpsert(String input) {
        return "WITH " + input + ", " + """
                fresh AS (
                    SELECT NOT EXISTS (
                        SELECT 1 FROM input i JOIN market_data.series s ON s.symbol = i.symbol AND s.timeframe = i.timeframe
                         WHERE i.ts >= s.first_ts AND i.ts <= s.last_ts) AS yes
                ), appended AS (
                    INSERT INTO market_data.%%1$s (%1$s)
                    SELECT %1$s FROM input WHERE (SELECT yes FROM fresh)
                    RETURNING symbol, timeframe, ts, true AS inserted, open, high, low, close, volume, vwap, trade_count,
                              source
                ),
                """.formatted(COLUMNS) + UPSERTED.formatted(" WHERE NOT (SELECT yes FROM fresh)", COLUMNS, "%1$s") + """
                , written AS (
                    SELECT * FROM appended UNION ALL SELECT * FROM upserted
                ),
                """ + ROLLUP_DIRTY.formatted("written") + ",\n" + SUMMARY.formatted("written")
                + EVENTS.formatted("written");
    }

    // The read statements are package-private: BarPruningTest runs EXPLAIN on them, as they are.
    static final String RANGE_ASC = "SELECT " + JSON_COLUMNS + " FROM market_data.ohlcv"
            + " WHERE symbol = $1 AND timeframe = $2 AND ts >= $3 AND ts < $4 ORDER BY ts LIMIT $5";
    private static final String RANGE_DESC = "SELECT " + JSON_COLUMNS + " FROM market_data.ohlcv"
            + " WHERE symbol = $1 AND timeframe = $2 AND ts >= $3 AND ts < $4 ORDER BY ts DESC LIMIT $5";
    static final String STREAM_ASC = "SELECT " + READ_COLUMNS + " FROM market_data.ohlcv"
            + " WHERE symbol = $1 AND timeframe = $2 AND ts >= $3 AND ts < $4 ORDER BY ts";
    private static final String STREAM_DESC = "SELECT " + READ_COLUMNS + " FROM market_data.ohlcv"
            + " WHERE symbol = $1 AND timeframe = $2 AND ts >= $3 AND ts < $4 ORDER BY ts DESC";
    /**
     * The newest bar is the one at the series' {@code last_ts} ({@code market_data.series}, kept in the same
     * transaction as every write): one primary-key lookup in the one partition holding it, found when the
     * statement runs (PostgreSQL's run-time partition pruning on a subquery's value, manual 5.11.4), however many
     * partitions newer or older the timeframe has.
     */
    private static final String LATEST = "SELECT " + READ_COLUMNS + " FROM market_data.ohlcv"
            + " WHERE symbol = $1 AND timeframe = $2 AND ts = (SELECT s.last_ts FROM market_data.series s"
            + " WHERE s.symbol = $1 AND s.timeframe = $2)";
    static final String LATEST_JSON = "SELECT " + JSON_COLUMNS + " FROM market_data.ohlcv"
            + " WHERE symbol = $1 AND timeframe = $2 AND ts = (SELECT s.last_ts FROM market_data.series s"
            + " WHERE s.symbol = $1 AND s.timeframe = $2)";
    /** {@link #LATEST} for many symbols at once, in the order asked; symbols without bars are left out. */
    static final String LATEST_MANY = """
            SELECT b.* FROM unnest($1::text[]) WITH ORDINALITY AS q(symbol, ord)
            JOIN market_data.series s ON s.symbol = q.symbol AND s.timeframe = $2
            CROSS JOIN LATERAL (
                SELECT %s FROM market_data.ohlcv o
                 WHERE o.symbol = s.symbol AND o.timeframe = $2 AND o.ts = s.last_ts) b
            ORDER BY q.ord
            """.formatted(READ_COLUMNS);

    /**
     * Buckets aligned like TimescaleDB {@code time_bucket}: origin Monday 2000-01-03 UTC, so weeks start
     * on Monday and days at midnight UTC ({@code date_bin}, PostgreSQL 14+). VWAP weighs each bar's vwap,
     * or its typical price (high + low + close) / 3 when it has none, by its volume.
     */
    static final String RESAMPLE = """
            SELECT date_bin(make_interval(secs => $5), ts, TIMESTAMPTZ '2000-01-03 00:00:00+00') AS bucket_ts,
                   (array_agg(open ORDER BY ts))[1] AS open, max(high) AS high, min(low) AS low,
                   (array_agg(close ORDER BY ts DESC))[1] AS close, sum(volume)::int8 AS volume,
                   round(sum(coalesce(vwap, (high + low + close) / 3) * volume) / nullif(sum(volume), 0), 8) AS vwap,
                   count(*) AS bar_count
              FROM market_data.ohlcv
             WHERE symbol = $1 AND timeframe = $2 AND ts >= $3 AND ts < $4
             GROUP BY bucket_ts ORDER BY bucket_ts
            """;

    /** The aggregate of a bucket's bars, as {@link #RESAMPLE} computes it, before vwap's division (rollups keep it). */
    public static final String BUCKET_AGGREGATES = """
            (array_agg(open ORDER BY ts))[1] AS open, max(high) AS high, min(low) AS low,
            (array_agg(close ORDER BY ts DESC))[1] AS close, sum(volume)::int8 AS volume,
            sum(coalesce(vwap, (high + low + close) / 3) * volume) AS weighted, count(*) AS bar_count""";

    /**
     * {@link #RESAMPLE} served from the rollup $8 of timeframe $2 where it can be, with the same answer: the whole
     * buckets in [$6, $7) ($6 the first bucket start at or after $3, $7 the last at or before $4) below the
     * rollup's watermark come from {@code market_data.rollup_bars}, except those listed in
     * {@code market_data.rollup_dirty} (written to since their last refresh), which are aggregated from the bars
     * like the edges [$3, $6) and [watermark, $4). One statement, so the watermark, the dirty list, the rollup and
     * the bars are read in one snapshot: a write commits its bars and its dirty buckets together, a refresh its
     * buckets, its watermark and the removal of what it re-aggregated together. Each range of bars prunes to its
     * partitions (the watermark's range when the statement runs, each dirty bucket's per probe).
     * {@code rollup_only} marks a rollup bucket whose first bar is older than the series' oldest stored bar: its
     * bars were dropped by retention and only the rollup holds it.
     */
    static final String RESAMPLE_ROLLUP = """
            WITH bound AS (
                SELECT greatest($6::timestamptz, least(coalesce((SELECT r.watermark FROM market_data.rollups r
                                                                 WHERE r.source = $2 AND r.bucket = $8), $6), $7)) AS m
            ), dirty AS (
                SELECT d.bucket_ts FROM market_data.rollup_dirty d
                 WHERE d.source = $2 AND d.bucket = $8 AND d.symbol = $1
                   AND d.bucket_ts >= $6 AND d.bucket_ts < (SELECT m FROM bound)
            ), bars AS (
                SELECT ts, open, high, low, close, volume, vwap FROM market_data.ohlcv
                 WHERE symbol = $1 AND timeframe = $2 AND ts >= $3 AND ts < $6 AND ts < $4
                UNION ALL
                SELECT ts, open, high, low, close, volume, vwap FROM market_data.ohlcv
                 WHERE symbol = $1 AND timeframe = $2 AND ts >= (SELECT m FROM bound) AND ts >= $3 AND ts < $4
                UNION ALL
                SELECT o.ts, o.open, o.high, o.low, o.close, o.volume, o.vwap FROM dirty d
                 CROSS JOIN LATERAL (SELECT ts, open, high, low, close, volume, vwap FROM market_data.ohlcv
                                      WHERE symbol = $1 AND timeframe = $2 AND ts >= d.bucket_ts
                                        AND ts < d.bucket_ts + make_interval(secs => $5)) o
            ), from_bars AS (
                SELECT date_bin(make_interval(secs => $5), ts, TIMESTAMPTZ '2000-01-03 00:00:00+00') AS bucket_ts,
                       %1$s, false AS rollup_only
                  FROM bars GROUP BY 1
            ), from_rollup AS (
                SELECT r.ts AS bucket_ts, r.open, r.high, r.low, r.close, r.volume, r.weighted, r.bar_count,
                       r.first_ts < coalesce((SELECT s.first_ts FROM market_data.series s
                                               WHERE s.symbol = $1 AND s.timeframe = $2), 'infinity') AS rollup_only
                  FROM market_data.rollup_bars r
                 WHERE r.source = $2 AND r.bucket = $8 AND r.symbol = $1
                   AND r.ts >= $6 AND r.ts < (SELECT m FROM bound)
                   AND NOT EXISTS (SELECT 1 FROM dirty WHERE dirty.bucket_ts = r.ts)
            )
            SELECT bucket_ts, open, high, low, close, volume, round(weighted / nullif(volume, 0), 8) AS vwap, bar_count,
                   rollup_only
              FROM (SELECT * FROM from_rollup UNION ALL SELECT * FROM from_bars) b
             ORDER BY bucket_ts
            """.formatted(BUCKET_AGGREGATES);

    /**
     * For each point ($1 symbols, $2 times, in input order) the newest bar of timeframe $3 opened at or before
     * {@code ts - $4 seconds}: $4 is the timeframe's length for the bar completed by {@code ts}, 0 for the bar in
     * progress at it. One statement for every point ({@code unnest} with a {@code LATERAL} probe of the primary key
     * per point); each probe runs only the partitions at or before its time, newest first, and stops at its first
     * row (run-time pruning, PostgreSQL manual 5.11.4). A point without a bar answers a row of nulls.
     */
    static final String AS_OF = """
            SELECT b.* FROM unnest($1::text[], $2::timestamptz[]) WITH ORDINALITY AS q(symbol, ts, ord)
            LEFT JOIN LATERAL (
                SELECT %s FROM market_data.ohlcv o
                 WHERE o.symbol = q.symbol AND o.timeframe = $3 AND o.ts <= q.ts - make_interval(secs => $4)
                 ORDER BY o.ts DESC LIMIT 1) b ON true
            ORDER BY q.ord
            """.formatted(READ_COLUMNS);
    /**
     * {@link #AS_OF} within a tolerance: the bar must also have ended at most a tolerance before the point, i.e.
     * opened at or after {@code ts - $5 seconds} ($5: the timeframe's length plus the tolerance), which also
     * bounds the partitions each probe may run.
     */
    static final String AS_OF_WITHIN = """
            SELECT b.* FROM unnest($1::text[], $2::timestamptz[]) WITH ORDINALITY AS q(symbol, ts, ord)
            LEFT JOIN LATERAL (
                SELECT %s FROM market_data.ohlcv o
                 WHERE o.symbol = q.symbol AND o.timeframe = $3 AND o.ts <= q.ts - make_interval(secs => $4)
                   AND o.ts >= q.ts - make_interval(secs => $5)
                 ORDER BY o.ts DESC LIMIT 1) b ON true
            ORDER BY q.ord
            """.formatted(READ_COLUMNS);

    /**
     * The close of the series' last bar before $3: the seed of {@code fill=prev}. The partitions are read newest
     * first from $3 down and the first row ends the scan, as for the newest bar.
     */
    static final String LAST_CLOSE_BEFORE = "SELECT close FROM market_data.ohlcv"
            + " WHERE symbol = $1 AND timeframe = $2 AND ts < $3 ORDER BY ts DESC LIMIT 1";

    /**
     * The first $5 UTC days in [$2, $3) (dates) with no daily bar; with $4 true weekdays only (ISO day 1-5).
     * Each run of missing days lies between two consecutive days that have bars, or a range edge (the
     * sentinels $2 - 1 and $3), so one index range scan and the missing days themselves are the work: a
     * probe per day with a range condition let the planner join every day with every bar (2.7 s for 20 years
     * of weekdays, README "Gaps").
     */
    static final String DAILY_GAPS = """
            WITH days AS (
                SELECT DISTINCT (ts AT TIME ZONE 'UTC')::date AS day
                  FROM market_data.ohlcv
                 WHERE symbol = $1 AND timeframe = '1d'
                   AND ts >= $2::date::timestamp AT TIME ZONE 'UTC' AND ts < $3::date::timestamp AT TIME ZONE 'UTC'
                UNION ALL SELECT $2::date - 1
                UNION ALL SELECT $3::date),
            spans AS (
                SELECT day, lead(day) OVER (ORDER BY day) AS next_day FROM days)
            SELECT day + k AS day
              FROM spans CROSS JOIN LATERAL generate_series(1, next_day - day - 1) AS k
             WHERE next_day > day + 1 AND ($4 = false OR extract(isodow FROM day + k) < 6)
             ORDER BY 1
             LIMIT $5
            """;

    /**
     * The first $8 missing slot open times after $6 among the bars in [$3, $4) ($5: the timeframe in
     * seconds; $7 true: weekdays only): within each UTC day, the slots one timeframe apart after a bar and
     * before the day's next bar. The bars are read once in ts order (the primary key) and only missing slots
     * are generated; for bars on one grid (1m-1h bars open on multiples of their timeframe) these are the grid
     * times between the day's first and last bar that hold no bar.
     */
    static final String INTRADAY_GAPS = """
            SELECT slot
              FROM (SELECT ts, lead(ts) OVER (ORDER BY ts) AS next_ts
                      FROM market_data.ohlcv
                     WHERE symbol = $1 AND timeframe = $2 AND ts >= $3 AND ts < $4) b
             CROSS JOIN LATERAL generate_series(b.ts + make_interval(secs => $5), b.next_ts - interval '1 microsecond',
                                                make_interval(secs => $5)) AS slot
             WHERE b.next_ts > b.ts + make_interval(secs => $5)
               AND (b.ts AT TIME ZONE 'UTC')::date = (b.next_ts AT TIME ZONE 'UTC')::date
               AND slot > $6
               AND ($7 = false OR extract(isodow FROM slot AT TIME ZONE 'UTC') < 6)
             ORDER BY slot
             LIMIT $8
            """;

    private static final String SERIES = "SELECT symbol, timeframe, first_ts, last_ts, bar_count FROM market_data.series"
            + " WHERE bar_count > 0 ORDER BY symbol, timeframe";
    private static final String ONE_SERIES = "SELECT symbol, timeframe, first_ts, last_ts, bar_count"
            + " FROM market_data.series WHERE symbol = $1 AND timeframe = $2";

    private static final String LOCK_SERIES = "SELECT bar_count FROM market_data.series"
            + " WHERE symbol = $1 AND timeframe = $2 FOR UPDATE";
    static final String DELETE_RANGE = "WITH deleted AS (DELETE FROM market_data.ohlcv"
            + " WHERE symbol = $1 AND timeframe = $2 AND ts >= $3 AND ts < $4 RETURNING symbol, timeframe, ts),\n"
            + ROLLUP_DIRTY.formatted("deleted") + "\nSELECT count(*) AS deleted FROM deleted";
    private static final String REFRESH_SERIES = """
            UPDATE market_data.series s
               SET bar_count = s.bar_count - $3,
                   first_ts = (SELECT ts FROM market_data.ohlcv WHERE symbol = $1 AND timeframe = $2 ORDER BY ts LIMIT 1),
                   last_ts = (SELECT ts FROM market_data.ohlcv WHERE symbol = $1 AND timeframe = $2 ORDER BY ts DESC LIMIT 1)
             WHERE s.symbol = $1 AND s.timeframe = $2
               AND EXISTS (SELECT 1 FROM market_data.ohlcv WHERE symbol = $1 AND timeframe = $2)
            """;
    private static final String DROP_EMPTY_SERIES = """
            DELETE FROM market_data.series s WHERE s.symbol = $1 AND s.timeframe = $2
               AND NOT EXISTS (SELECT 1 FROM market_data.ohlcv WHERE symbol = $1 AND timeframe = $2)
            """;

    /**
     * The bars of a series' events after position ($3, $4), in event then bar order, at most $5: the columns of
     * {@link #JSON_COLUMNS}, then the event's number and the bar's place in it. The arrays of an event are
     * unnested in their stored order (ts), so {@code ord} is stable.
     */
    private static final String EVENTS_AFTER = """
            SELECT e.symbol, e.timeframe, u.ts, u.open::text, u.high::text, u.low::text, u.close::text, u.volume,
                   u.vwap::text, u.trade_count, u.source, NULL::text AS adj_close, e.seq, u.ord,
                   pg_current_wal_insert_lsn()::text AS lsn
              FROM market_data.bar_events e
             CROSS JOIN LATERAL unnest(e.ts, e.open, e.high, e.low, e.close, e.volume, e.vwap, e.trade_count, e.source)
                   WITH ORDINALITY AS u(ts, open, high, low, close, volume, vwap, trade_count, source, ord)
             WHERE e.symbol = $1 AND e.timeframe = $2 AND e.seq >= $3 AND (e.seq, u.ord) > ($3, $4)
             ORDER BY e.seq, u.ord
             LIMIT $5
            """;

    /**
     * {@link #EVENTS_AFTER} for many series at once, in the order asked ({@code i}, last column): one statement for
     * every series a burst of notifications names, instead of one each.
     */
    private static final String EVENTS_AFTER_EACH = """
            SELECT x.symbol, x.timeframe, x.ts, x.open, x.high, x.low, x.close, x.volume, x.vwap, x.trade_count,
                   x.source, x.adj_close, x.seq, x.ord, q.i, pg_current_wal_insert_lsn()::text AS lsn
              FROM unnest($1::text[], $2::text[], $3::int8[], $4::int8[]) WITH ORDINALITY AS q(symbol, timeframe, seq, ord, i)
             CROSS JOIN LATERAL (
                   SELECT e.symbol, e.timeframe, u.ts, u.open::text AS open, u.high::text AS high, u.low::text AS low,
                          u.close::text AS close, u.volume, u.vwap::text AS vwap, u.trade_count, u.source,
                          NULL::text AS adj_close, e.seq, u.ord
                     FROM market_data.bar_events e
                    CROSS JOIN LATERAL unnest(e.ts, e.open, e.high, e.low, e.close, e.volume, e.vwap, e.trade_count,
                          e.source) WITH ORDINALITY AS u(ts, open, high, low, close, volume, vwap, trade_count, source, ord)
                    WHERE e.symbol = q.symbol AND e.timeframe = q.timeframe AND e.seq >= q.seq
                      AND (e.seq, u.ord) > (q.seq, q.ord)
                    ORDER BY e.seq, u.ord
                    LIMIT $5) x
             ORDER BY q.i, x.seq, x.ord
            """;

    /**
     * The newest event of a series (from its summary row, or the events kept when the row is gone), how many events
     * from $3 to it are stored, and whether the oldest of those after $5 was written within the last $4 seconds.
     */
    private static final String EVENT_RETENTION = """
            WITH h AS (
                SELECT coalesce((SELECT event_seq FROM market_data.series WHERE symbol = $1 AND timeframe = $2),
                                (SELECT max(seq) FROM market_data.bar_events WHERE symbol = $1 AND timeframe = $2),
                                0) AS head
            )
            SELECT h.head, count(e.seq) AS kept,
                   coalesce(min(e.created_at) FILTER (WHERE e.seq > $5) >= now() - make_interval(secs => $4), true) AS recent
              FROM h LEFT JOIN market_data.bar_events e
                ON e.symbol = $1 AND e.timeframe = $2 AND e.seq >= $3 AND e.seq <= h.head
             GROUP BY h.head
            """;

    /** Deletes up to $2 events written before $1 (the replay window's start). */
    private static final String PRUNE_EVENTS = """
            DELETE FROM market_data.bar_events WHERE ctid = ANY (ARRAY(
                SELECT ctid FROM market_data.bar_events WHERE created_at < $1 LIMIT $2))
            """;

    /** The decimals of a stored price ({@code NUMERIC(20,8)}). */
    private static final int PRICE_SCALE = 8;

    /** A leaf partition's name as {@code market_data.ensure_ohlcv_partition} makes it (migration V6). */
    private static final Pattern LEAF = Pattern.compile("ohlcv_[0-9a-z]{2,3}_[0-9]{8}T[0-9]{6}");

    private final Pool pool;
    /** The write statements of each leaf partition written to: {@link #UPSERT} and {@link #APPEND_OR_UPSERT}. */
    private final Map<String, String[]> leafStatements = new ConcurrentHashMap<>();

    public BarRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Counts of one upsert, in rows, and the notifications of its live events ({@value #EVENTS_CHANNEL} payloads), to
     * be sent once it has committed.
     */
    public record UpsertCounts(int inserted, int updated, List<String> notices) {

        /** Nothing written. */
        static final UpsertCounts NONE = new UpsertCounts(0, 0, List.of());

        /** The counts of this write and another in the same transaction, their notifications together. */
        public UpsertCounts plus(UpsertCounts other) {
            List<String> both = new ArrayList<>(notices.size() + other.notices.size());
            both.addAll(notices);
            both.addAll(other.notices);
            return new UpsertCounts(inserted + other.inserted, updated + other.updated, both);
        }
    }

    /**
     * Upserts bars already validated, sorted by (symbol, timeframe, ts) and grouped by leaf partition (in the
     * partitions' order) through the pool: the order makes concurrent batches lock rows alike, so they cannot
     * deadlock each other. A batch of one partition (the common case) is one statement, so atomic:
     * {@link #APPEND_OR_UPSERT} first, and {@link #UPSERT} again only if that one failed whole; a batch of
     * several is one transaction of one {@link #UPSERT} per partition.
     */
    public Uni<UpsertCounts> upsert(List<PartitionedBatch> batches) {
        if (batches.size() == 1) {
            PartitionedBatch batch = batches.get(0);
            WriteArguments args = arguments(batch.bars());
            String[] statements = statements(batch.table(), args.scaled());
            return pool.preparedQuery(statements[1]).execute(args.tuple()).map(BarRepository::toCounts)
                    .onFailure(BarRepository::isDuplicateBar).recoverWithUni(() -> pool
                            .preparedQuery(statements[0]).execute(args.tuple()).map(BarRepository::toCounts));
        }
        return pool.withTransaction(tx -> upsert(tx, batches));
    }

    /**
     * Upserts bars inside a caller's transaction (an idempotency key's): one {@link #UPSERT} per leaf partition,
     * none of the fast path, since a failed statement would abort the transaction.
     */
    public Uni<UpsertCounts> upsert(SqlConnection tx, List<PartitionedBatch> batches) {
        Uni<UpsertCounts> total = Uni.createFrom().item(UpsertCounts.NONE);
        for (PartitionedBatch batch : batches) {
            total = total.chain(sum -> {
                WriteArguments args = arguments(batch.bars());
                return tx.preparedQuery(statements(batch.table(), args.scaled())[0]).execute(args.tuple())
                        .map(BarRepository::toCounts).map(sum::plus);
            });
        }
        return total;
    }

    /**
     * The write statements of one leaf partition. Its name comes from the partition registry, never from a
     * request, and must have the registry's form, so the statements stay constants of this class with one
     * identifier filled in. Package-private for BarWritePlanTest, which explains them.
     *
     * @param scaled whether the batch's prices are sent scaled ({@link WriteArguments#scaled()})
     * @return {@link #UPSERT} and {@link #APPEND_OR_UPSERT} of the partition, in that order (or their
     *     {@link #SCALED_INPUT} forms)
     */
    String[] statements(String table, boolean scaled) {
        if (!LEAF.matcher(table).matches()) {
            throw new IllegalArgumentException("Not a bar partition: " + table);
        }
        String[] all = leafStatements.computeIfAbsent(table, t -> new String[] {UPSERT.formatted('"' + t + '"'),
                APPEND_OR_UPSERT.formatted('"' + t + '"'), SCALED_UPSERT.formatted('"' + t + '"'),
                SCALED_APPEND_OR_UPSERT.formatted('"' + t + '"')});
        return scaled ? new String[] {all[2], all[3]} : new String[] {all[0], all[1]};
    }

    /**
     * A batch's parameters: one array per column, in the order of {@link #COLUMNS}.
     *
     * @param scaled whether the prices are unscaled {@code long}s at 8 decimals ({@link #SCALED_INPUT}), rather
     *     than {@code NUMERIC}s ({@link #INPUT})
     */
    record WriteArguments(Tuple tuple, boolean scaled) {
    }

    /**
     * The batch as one array per column. Its prices go scaled ({@link #SCALED_INPUT}) when every one has at most 8
     * decimals and its unscaled value at 8 decimals fits a {@code long} (below about 9.2 * 10^10; prices are valid
     * up to 10^12: those of a batch with any larger one go as {@code NUMERIC}s, exactly as well).
     */
    static WriteArguments arguments(List<Bar> bars) {
        int n = bars.size();
        String[] symbols = new String[n];
        String[] timeframes = new String[n];
        OffsetDateTime[] ts = new OffsetDateTime[n];
        Long[] volume = new Long[n];
        Long[] tradeCount = new Long[n];
        String[] source = new String[n];
        for (int i = 0; i < n; i++) {
            Bar bar = bars.get(i);
            symbols[i] = bar.symbol();
            timeframes[i] = bar.timeframe();
            ts[i] = bar.ts().atOffset(ZoneOffset.UTC);
            volume[i] = bar.volume();
            tradeCount[i] = bar.tradeCount();
            source[i] = bar.source();
        }
        Tuple tuple = Tuple.tuple().addValue(symbols).addValue(timeframes).addValue(ts);
        Long[][] prices = scaledPrices(bars);
        if (prices != null) {
            tuple.addValue(prices[0]).addValue(prices[1]).addValue(prices[2]).addValue(prices[3]).addValue(volume)
                    .addValue(prices[4]);
        } else {
            tuple.addValue(numerics(bars, Bar::open)).addValue(numerics(bars, Bar::high))
                    .addValue(numerics(bars, Bar::low)).addValue(numerics(bars, Bar::close)).addValue(volume)
                    .addValue(numerics(bars, Bar::vwap));
        }
        return new WriteArguments(tuple.addValue(tradeCount).addValue(source), prices != null);
    }

    /**
     * The open, high, low, close and vwap columns unscaled at 8 decimals (12.5 is 1,250,000,000; a missing vwap
     * null), or {@code null} when a price has more decimals or its unscaled value does not fit a {@code long}.
     */
    private static Long[][] scaledPrices(List<Bar> bars) {
        int n = bars.size();
        Long[][] columns = new Long[5][n];
        try {
            for (int i = 0; i < n; i++) {
                Bar bar = bars.get(i);
                // A price of 8 decimals (as validation leaves them) moves to scale 0 without arithmetic;
                // longValueExact throws for a fraction left over or a value beyond a long.
                columns[0][i] = bar.open().movePointRight(PRICE_SCALE).longValueExact();
                columns[1][i] = bar.high().movePointRight(PRICE_SCALE).longValueExact();
                columns[2][i] = bar.low().movePointRight(PRICE_SCALE).longValueExact();
                columns[3][i] = bar.close().movePointRight(PRICE_SCALE).longValueExact();
                columns[4][i] = bar.vwap() == null ? null : bar.vwap().movePointRight(PRICE_SCALE).longValueExact();
            }
        } catch (ArithmeticException e) {
            return null;
        }
        return columns;
    }

    private static Numeric[] numerics(List<Bar> bars, Function<Bar, BigDecimal> column) {
        Numeric[] values = new Numeric[bars.size()];
        for (int i = 0; i < values.length; i++) {
            BigDecimal price = column.apply(bars.get(i));
            values[i] = price == null ? null : Numeric.create(price);
        }
        return values;
    }

    private static UpsertCounts toCounts(RowSet<Row> rows) {
        Row row = rows.iterator().next();
        String[] notices = row.getArrayOfStrings("notices");
        return new UpsertCounts(row.getLong("inserted").intValue(), row.getLong("updated").intValue(),
                notices == null ? List.of() : List.of(notices));
    }

    /** A unique violation on the bars' primary key: a concurrent writer inserted one of the bars first. */
    private static boolean isDuplicateBar(Throwable failure) {
        return DatabaseFailures.isUniqueViolationOn(failure, "ohlcv");
    }

    /**
     * A page of up to {@code limit} bars in [from, to), ascending or descending by ts, as the JSON of a
     * {@link BarPage}: {@link Page#fetchSize(int)} rows are read to know whether a next page exists.
     */
    public Uni<Buffer> pageJson(Reads on, String symbol, Timeframe tf, OffsetDateTime from, OffsetDateTime to,
            boolean descending, int limit, Adjustment adjustment) {
        Tuple args = Tuple.of(symbol, tf.code(), from, to, Page.fetchSize(limit));
        String sql = tf.pinned(adjustment.apply(descending ? RANGE_DESC : RANGE_ASC));
        return on.pipelined(client -> client.preparedQuery(sql).execute(args))
                .map(rows -> BarJson.page(rows, limit, descending));
    }

    /**
     * Opens a stream of every bar in [from, to), ascending or descending by ts: takes a pool connection,
     * begins a transaction, prepares the range query, opens a server-side cursor on it and reads its first
     * {@link BarStream#FETCH} rows, all before the Uni completes. Whatever fails on the way (no connection within
     * {@code tickvault.pool.acquire-timeout}, a full wait queue, an unreachable database) fails the Uni and
     * returns the connection, so the caller can still answer with a problem before a byte of a response.
     *
     * <p>The stream is handed to the subscriber that the Uni's item reaches at once ({@code RestMulti} subscribes
     * to {@link BarStream#batches()} inside its {@code onItem}); if nobody takes it there, because the request
     * went away while the cursor was being opened, it is closed, so no connection is ever left behind.
     */
    public Uni<BarStream> openStream(Reads on, String symbol, Timeframe tf, OffsetDateTime from, OffsetDateTime to,
            boolean descending, Adjustment adjustment) {
        Tuple args = Tuple.of(symbol, tf.code(), from, to);
        String sql = tf.pinned(adjustment.apply(descending ? STREAM_DESC : STREAM_ASC));
        return on.pool(server -> BarStream.open(server, sql, args));
    }

    /**
     * {@link #openStream(Reads, String, Timeframe, OffsetDateTime, OffsetDateTime, boolean, Adjustment)} of another
     * read statement of {@link #READ_COLUMNS} (a panel of many series): the same cursor, failures and release.
     */
    Uni<BarStream> openStream(Reads on, String sql, Tuple args) {
        return on.pool(server -> BarStream.open(server, sql, args));
    }

    /** The newest bar of a series, if any. */
    public Uni<Optional<Bar>> latest(String symbol, Timeframe tf) {
        return pool.preparedQuery(tf.pinned(LATEST)).execute(Tuple.of(symbol, tf.code()))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toBar(rows.iterator().next())));
    }

    /** The newest bar of a series as the JSON of a {@link Bar}, if any. */
    public Uni<Optional<Buffer>> latestJson(Reads on, String symbol, Timeframe tf, Adjustment adjustment) {
        Tuple args = Tuple.of(symbol, tf.code());
        String sql = tf.pinned(adjustment.apply(LATEST_JSON));
        return on.pipelined(client -> client.preparedQuery(sql).execute(args))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(BarJson.bar(rows.iterator().next())));
    }

    /** The newest bar of each symbol that has one, in the order asked, in one query. */
    public Uni<List<Bar>> latest(Reads on, List<String> symbols, Timeframe tf, Adjustment adjustment) {
        Tuple args = Tuple.of(symbols.toArray(String[]::new), tf.code());
        String sql = tf.pinned(adjustment.applyPerSymbol(LATEST_MANY));
        return on.pool(server -> server.preparedQuery(sql).execute(args)).map(BarRepository::toBars);
    }

    /** Resampled buckets of {@code bucketSeconds} over the bars in [from, to). */
    public Uni<List<ResampledBar>> resample(Reads on, String symbol, Timeframe tf, OffsetDateTime from,
            OffsetDateTime to, long bucketSeconds, String bucketLabel, Adjustment adjustment) {
        Tuple args = Tuple.of(symbol, tf.code(), from, to, (double) bucketSeconds);
        String sql = tf.pinned(adjustment.apply(RESAMPLE));
        return on.pool(server -> server.preparedQuery(sql).execute(args))
                .map(rows -> {
                    List<ResampledBar> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        out.add(new ResampledBar(symbol, bucketLabel, row.getOffsetDateTime("bucket_ts").toInstant(),
                                Decimals.plain(row, "open"), Decimals.plain(row, "high"),
                                Decimals.plain(row, "low"), Decimals.plain(row, "close"),
                                row.getLong("volume"), Decimals.plain(row, "vwap"), row.getLong("bar_count")));
                    }
                    return out;
                });
    }

    /**
     * The as-of bar of each point, in input order ({@link #AS_OF}, {@link #AS_OF_WITHIN}), {@code null} where none
     * qualifies; one statement whatever the number of points.
     *
     * @param offsetSeconds how long before a point its bar must have opened: the timeframe's length (completed
     *     bars) or 0 (the bar in progress)
     * @param lowerSeconds how long before a point its bar may have opened at most, or {@code null} for no bound
     */
    public Uni<List<Bar>> asOf(Timeframe tf, List<String> symbols, List<OffsetDateTime> times, long offsetSeconds,
            Long lowerSeconds) {
        Tuple args = Tuple.tuple().addValue(symbols.toArray(String[]::new))
                .addValue(times.toArray(OffsetDateTime[]::new)).addString(tf.code()).addDouble((double) offsetSeconds);
        if (lowerSeconds != null) {
            args.addDouble((double) lowerSeconds);
        }
        // On the primary: an as-of lookup is not among the reads that may see a replica's delay (README, "Scaling out").
        return pool.preparedQuery(lowerSeconds == null ? AS_OF : AS_OF_WITHIN).execute(args).map(rows -> {
            List<Bar> bars = new ArrayList<>(rows.size());
            for (Row row : rows) {
                bars.add(row.getString(0) == null ? null : toBar(row));
            }
            return bars;
        });
    }

    /** The close of the series' last bar before {@code before}, {@code null} when it has none. */
    public Uni<BigDecimal> lastCloseBefore(String symbol, Timeframe tf, OffsetDateTime before, Adjustment adjustment) {
        return pool.preparedQuery(tf.pinned(adjustment.apply(LAST_CLOSE_BEFORE)))
                .execute(Tuple.of(symbol, tf.code(), before))
                .map(rows -> rows.size() == 0 ? null : Decimals.plain(rows.iterator().next(), 0));
    }

    /**
     * Resampled buckets of the rollup {@code rollupBucket} of {@code tf} over the bars in [from, to), read as
     * {@link #RESAMPLE_ROLLUP} says: the same buckets {@link #resample} answers.
     *
     * @param firstWhole the first bucket start at or after {@code from}
     * @param lastWhole the last bucket start at or before {@code to}
     */
    public Uni<List<ResampledBar>> resampleWithRollup(String symbol, Timeframe tf, OffsetDateTime from,
            OffsetDateTime to, long bucketSeconds, String bucketLabel, OffsetDateTime firstWhole,
            OffsetDateTime lastWhole, String rollupBucket) {
        return pool.preparedQuery(tf.pinned(RESAMPLE_ROLLUP))
                .execute(Tuple.tuple().addString(symbol).addString(tf.code()).addOffsetDateTime(from)
                        .addOffsetDateTime(to).addDouble((double) bucketSeconds).addOffsetDateTime(firstWhole)
                        .addOffsetDateTime(lastWhole).addString(rollupBucket))
                .map(rows -> {
                    List<ResampledBar> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        out.add(new ResampledBar(symbol, bucketLabel, row.getOffsetDateTime("bucket_ts").toInstant(),
                                Decimals.plain(row, "open"), Decimals.plain(row, "high"),
                                Decimals.plain(row, "low"), Decimals.plain(row, "close"),
                                row.getLong("volume"), Decimals.plain(row, "vwap"), row.getLong("bar_count"), null,
                                row.getBoolean("rollup_only") ? Boolean.TRUE : null));
                    }
                    return out;
                });
    }

    /**
     * The first {@code limit} UTC days in [from, to) without a daily bar, oldest first; the caller bounds the
     * range ({@code tickvault.gaps.max-slots}).
     */
    public Uni<List<LocalDate>> dailyGaps(Reads on, String symbol, LocalDate from, LocalDate to,
            boolean weekdaysOnly, int limit) {
        Tuple args = Tuple.of(symbol, from, to, weekdaysOnly, limit);
        return on.pool(server -> server.preparedQuery(DAILY_GAPS).execute(args))
                .map(rows -> {
                    List<LocalDate> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        out.add(row.getLocalDate("day"));
                    }
                    return out;
                });
    }

    /**
     * The first {@code limit} missing intraday slot open times after {@code after}, oldest first, among the
     * bars in [from, to); the caller bounds the range ({@code tickvault.gaps.max-slots}).
     *
     * @param from the lower bound of the bars read; a page after a cursor starts at the cursor's UTC day, whose
     *     bars around the cursor decide its missing slots
     */
    public Uni<List<Instant>> intradayGaps(Reads on, String symbol, Timeframe tf, OffsetDateTime from,
            OffsetDateTime to, boolean weekdaysOnly, OffsetDateTime after, int limit) {
        Tuple args = Tuple.tuple().addString(symbol).addString(tf.code()).addOffsetDateTime(from)
                .addOffsetDateTime(to).addDouble((double) tf.seconds()).addOffsetDateTime(after)
                .addBoolean(weekdaysOnly).addInteger(limit);
        String sql = tf.pinned(INTRADAY_GAPS);
        return on.pool(server -> server.preparedQuery(sql).execute(args))
                .map(rows -> {
                    List<Instant> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        out.add(row.getOffsetDateTime("slot").toInstant());
                    }
                    return out;
                });
    }

    /** Every series with bars, from the summary table (no scan of the bars). */
    public Uni<List<SeriesRow>> series(Reads on) {
        return on.pool(server -> server.query(SERIES).execute()).map(BarRepository::toSeries);
    }

    /** One series' summary, if it has bars. */
    public Uni<Optional<SeriesRow>> series(Reads on, String symbol, Timeframe tf) {
        Tuple args = Tuple.of(symbol, tf.code());
        return on.pool(server -> server.preparedQuery(ONE_SERIES).execute(args))
                .map(rows -> toSeries(rows).stream().findFirst());
    }

    /** A series summary row. */
    public record SeriesRow(String symbol, String timeframe, Instant firstTs, Instant lastTs, long barCount) {
    }

    /**
     * Deletes the bars in [from, to), records their rollup buckets ({@link #ROLLUP_DIRTY}) and refreshes the series
     * summary, in one transaction that first locks the summary row so a concurrent ingest is counted exactly.
     *
     * @return how many bars were deleted
     */
    public Uni<Integer> delete(String symbol, Timeframe tf, OffsetDateTime from, OffsetDateTime to) {
        return pool.withTransaction(conn -> lockSeries(conn, symbol, tf)
                .chain(() -> conn.preparedQuery(DELETE_RANGE).execute(Tuple.of(symbol, tf.code(), from, to)))
                .map(rows -> rows.iterator().next().getLong("deleted").intValue())
                .call(deleted -> deleted == 0 ? Uni.createFrom().voidItem()
                        : conn.preparedQuery(REFRESH_SERIES).execute(Tuple.of(symbol, tf.code(), deleted))
                                .chain(() -> conn.preparedQuery(DROP_EMPTY_SERIES).execute(Tuple.of(symbol, tf.code())))
                                .replaceWithVoid()));
    }

    private static Uni<RowSet<Row>> lockSeries(SqlClient conn, String symbol, Timeframe tf) {
        return conn.preparedQuery(LOCK_SERIES).execute(Tuple.of(symbol, tf.code()));
    }

    private static List<SeriesRow> toSeries(RowSet<Row> rows) {
        List<SeriesRow> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            out.add(new SeriesRow(row.getString("symbol"), row.getString("timeframe"),
                    row.getOffsetDateTime("first_ts").toInstant(), row.getOffsetDateTime("last_ts").toInstant(),
                    row.getLong("bar_count")));
        }
        return out;
    }

    static List<Bar> toBars(RowSet<Row> rows) {
        List<Bar> bars = new ArrayList<>(rows.size());
        for (Row row : rows) {
            bars.add(toBar(row));
        }
        return bars;
    }

    private static Bar toBar(Row row) {
        return new Bar(row.getString(0), row.getString(1), row.getOffsetDateTime(2).toInstant(),
                Decimals.plain(row, 3), Decimals.plain(row, 4), Decimals.plain(row, 5),
                Decimals.plain(row, 6), row.getLong(7), Decimals.plain(row, 8), row.getLong(9),
                row.getString(10), Decimals.plain(row, 11));
    }

    /**
     * Up to {@code limit} bars of the series' events after position {@code (seq, ord)}, oldest first, each as the
     * JSON of its GET answer (without {@code adjClose}, which another statement writes).
     */
    public Uni<FeedEvents.Page> eventsAfter(String symbol, Timeframe tf, long seq, int ord, int limit) {
        return pool.preparedQuery(EVENTS_AFTER).execute(Tuple.of(symbol, tf.code(), seq, (long) ord, limit)).map(rows -> {
            List<FeedEvents.Event> events = new ArrayList<>(rows.size());
            for (Row row : rows) {
                events.add(new FeedEvents.Event(row.getLong(12), row.getLong(13).intValue(), BarJson.bar(row)));
            }
            return new FeedEvents.Page(events, events.size() == limit,
                    rows.size() == 0 ? null : rows.iterator().next().getString("lsn"));
        });
    }

    /**
     * {@link #eventsAfter} for each of {@code from} ({@code series}: the timeframe's code) in one statement: a page
     * per position, in the order given.
     */
    public Uni<List<FeedEvents.Page>> eventsAfterEach(List<FeedEvents.From> from, int limit) {
        int n = from.size();
        String[] symbols = new String[n];
        String[] timeframes = new String[n];
        Long[] seqs = new Long[n];
        Long[] ords = new Long[n];
        for (int i = 0; i < n; i++) {
            FeedEvents.From f = from.get(i);
            symbols[i] = f.symbol();
            timeframes[i] = f.series();
            seqs[i] = f.seq();
            ords[i] = (long) f.ord();
        }
        return pool.preparedQuery(EVENTS_AFTER_EACH).execute(Tuple.of(symbols, timeframes, seqs, ords, limit)).map(rows -> {
            List<List<FeedEvents.Event>> events = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                events.add(new ArrayList<>());
            }
            String lsn = null;
            for (Row row : rows) {
                events.get(row.getLong(14).intValue() - 1)
                        .add(new FeedEvents.Event(row.getLong(12), row.getLong(13).intValue(), BarJson.bar(row)));
                // Read after the statement's snapshot was taken: at or past every commit any of the pages holds.
                lsn = lsn == null ? row.getString(15) : lsn;
            }
            List<FeedEvents.Page> pages = new ArrayList<>(n);
            for (List<FeedEvents.Event> page : events) {
                pages.add(new FeedEvents.Page(page, page.size() == limit, page.isEmpty() ? null : lsn));
            }
            return pages;
        });
    }

    /**
     * What the series keeps of its events from number {@code from} on, and whether those after {@code past} were
     * all written within {@code windowSeconds}.
     */
    public Uni<FeedEvents.Retention> eventRetention(String symbol, Timeframe tf, long from, long past, long windowSeconds) {
        return pool.preparedQuery(EVENT_RETENTION).execute(Tuple.of(symbol, tf.code(), from, (double) windowSeconds, past))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new FeedEvents.Retention(row.getLong("head"), row.getLong("kept"), row.getBoolean("recent"));
                });
    }

    /** Deletes up to {@code limit} events written before {@code before}; returns how many. */
    public Uni<Integer> pruneEvents(Instant before, int limit) {
        return pool.preparedQuery(PRUNE_EVENTS).execute(Tuple.of(before.atOffset(ZoneOffset.UTC), limit))
                .map(RowSet::rowCount);
    }
}
