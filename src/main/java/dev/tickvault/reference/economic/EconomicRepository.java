package dev.tickvault.reference.economic;

import io.smallrye.mutiny.Uni;
import dev.tickvault.ops.db.Reads;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SQL of the economic series (DESIGN 10) through the reactive {@link Pool}: series metadata, observations
 * keyed by (series, date, vintage), the point-in-time read (each date's newest vintage on or before
 * {@code asOf}, one walk of the primary key) and the vintages. Absent bounds are {@code NULL} parameters,
 * turned into {@code -infinity}/{@code infinity} so that the index bounds stay usable.
 */
@ApplicationScoped
public class EconomicRepository {

    private static final String SERIES_COLUMNS = """
            s.series_id, s.title, s.units, s.frequency, s.source, s.notes, s.created_at, s.updated_at,
            (SELECT min(o.obs_date) FROM ref.economic_observations o WHERE o.series_id = s.series_id) AS first_date,
            (SELECT max(o.obs_date) FROM ref.economic_observations o WHERE o.series_id = s.series_id) AS last_date,
            (SELECT max(o.vintage) FROM ref.economic_observations o WHERE o.series_id = s.series_id) AS latest_vintage
            """;

    /** Creates a series or replaces its metadata; {@code updated_at} moves only when something changed. */
    private static final String UPSERT_SERIES = """
            INSERT INTO ref.economic_series AS s (series_id, title, units, frequency, source, notes)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (series_id) DO UPDATE
               SET title = EXCLUDED.title, units = EXCLUDED.units, frequency = EXCLUDED.frequency,
                   source = EXCLUDED.source, notes = EXCLUDED.notes, updated_at = now()
             WHERE (s.title, s.units, s.frequency, s.source, s.notes)
                   IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.units, EXCLUDED.frequency, EXCLUDED.source, EXCLUDED.notes)
            RETURNING (xmax = 0) AS created
            """;

    private static final String ONE_SERIES = "SELECT " + SERIES_COLUMNS + " FROM ref.economic_series s WHERE s.series_id = $1";

    private static final String SERIES_PAGE_ASC = "SELECT " + SERIES_COLUMNS + " FROM ref.economic_series s"
            + " WHERE (s.created_at, s.series_id) > ($1, $2) ORDER BY s.created_at, s.series_id LIMIT $3";
    private static final String SERIES_PAGE_DESC = "SELECT " + SERIES_COLUMNS + " FROM ref.economic_series s"
            + " WHERE (s.created_at, s.series_id) < ($1, $2) ORDER BY s.created_at DESC, s.series_id DESC LIMIT $3";

    /** Locks the series row until the transaction ends: writers of one series run one after the other. */
    private static final String LOCK_SERIES = "SELECT series_id FROM ref.economic_series WHERE series_id = $1 FOR UPDATE";

    /**
     * Inserts a batch of one vintage ($5) unless one of its dates is already stored in that vintage with
     * another value or flag (then nothing is inserted and the conflicts are counted: a vintage is what was
     * published that day, and a correction is a later vintage). A date already stored in the vintage with
     * the same value is unchanged. {@code revised}: inserted rows whose value differs from the newest
     * earlier vintage of their date. Every CTE reads the snapshot taken before the insert.
     */
    private static final String INSERT_OBSERVATIONS = """
            WITH input AS (
                SELECT * FROM unnest($2::date[], $3::numeric[], $4::bool[]) AS t(obs_date, value, preliminary)
            ), existing AS (
                SELECT i.obs_date, (o.value = i.value AND o.preliminary = i.preliminary) AS same
                  FROM input i
                  JOIN ref.economic_observations o ON o.series_id = $1 AND o.obs_date = i.obs_date AND o.vintage = $5
            ), inserted AS (
                INSERT INTO ref.economic_observations (series_id, obs_date, vintage, value, preliminary)
                SELECT $1, i.obs_date, $5, i.value, i.preliminary FROM input i
                 WHERE NOT EXISTS (SELECT 1 FROM existing e WHERE NOT e.same)
                   AND NOT EXISTS (SELECT 1 FROM existing e WHERE e.obs_date = i.obs_date)
                 ORDER BY i.obs_date
                RETURNING obs_date, value
            )
            SELECT (SELECT count(*) FROM inserted) AS inserted,
                   (SELECT count(*) FROM inserted n
                      CROSS JOIN LATERAL (
                          SELECT p.value FROM ref.economic_observations p
                           WHERE p.series_id = $1 AND p.obs_date = n.obs_date AND p.vintage < $5
                           ORDER BY p.vintage DESC LIMIT 1) previous
                     WHERE previous.value <> n.value) AS revised,
                   (SELECT count(*) FROM existing WHERE same) AS unchanged,
                   (SELECT count(*) FROM existing WHERE NOT same) AS conflicts,
                   (SELECT min(obs_date) FROM existing WHERE NOT same) AS first_conflict
            """;

    /** Each date's newest vintage on or before $4, dates in [$2, $3), oldest first, after nothing. */
    private static final String AS_OF_ASC = """
            SELECT DISTINCT ON (obs_date) obs_date, value, vintage, preliminary
              FROM ref.economic_observations
             WHERE series_id = $1 AND obs_date >= coalesce($2::date, '-infinity') AND obs_date < coalesce($3::date, 'infinity')
               AND vintage <= coalesce($4::date, 'infinity')
             ORDER BY obs_date, vintage DESC
             LIMIT $5
            """;
    private static final String AS_OF_DESC = """
            SELECT DISTINCT ON (obs_date) obs_date, value, vintage, preliminary
              FROM ref.economic_observations
             WHERE series_id = $1 AND obs_date >= coalesce($2::date, '-infinity') AND obs_date < coalesce($3::date, 'infinity')
               AND vintage <= coalesce($4::date, 'infinity')
             ORDER BY obs_date DESC, vintage DESC
             LIMIT $5
            """;

    /** The vintages after $2 (before, descending), with what each published compared to the one before. */
    private static final String VINTAGES = """
            SELECT vintage, count(*) AS observations,
                   count(*) FILTER (WHERE previous IS NULL) AS first_releases,
                   count(*) FILTER (WHERE previous <> value) AS revised,
                   min(obs_date) AS first_date, max(obs_date) AS last_date
              FROM (SELECT vintage, obs_date, value,
                           lag(value) OVER (PARTITION BY obs_date ORDER BY vintage) AS previous
                      FROM ref.economic_observations WHERE series_id = $1) v
             WHERE %s
             GROUP BY vintage
             ORDER BY vintage %s
             LIMIT $3
            """;
    private static final String VINTAGES_ASC = VINTAGES.formatted("vintage > coalesce($2::date, '-infinity')", "");
    private static final String VINTAGES_DESC = VINTAGES.formatted("vintage < coalesce($2::date, 'infinity')", "DESC");

    private static final String ANY_SERIES = "SELECT EXISTS (SELECT 1 FROM ref.economic_series) AS any";

    private final Pool pool;

    public EconomicRepository(Pool pool) {
        this.pool = pool;
    }

    /** Creates or replaces a series' metadata; true when it was created. */
    public Uni<Boolean> upsert(String seriesId, NewSeries in) {
        return pool.preparedQuery(UPSERT_SERIES).execute(Tuple.tuple().addString(seriesId).addString(in.title())
                        .addString(in.units()).addString(in.frequency().name()).addString(in.source())
                        .addString(in.notes()))
                // No row back: the metadata was already so, neither created nor changed.
                .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean("created"));
    }

    /** One series with its summary, if it exists, read on the primary. */
    public Uni<Optional<EconomicSeriesView>> series(String seriesId) {
        return series(pool, seriesId);
    }

    /** One series with its summary, if it exists, read on the server {@code on} names (a replica or the primary). */
    public Uni<Optional<EconomicSeriesView>> series(Reads on, String seriesId) {
        return on.pool(server -> series(server, seriesId));
    }

    private static Uni<Optional<EconomicSeriesView>> series(Pool server, String seriesId) {
        return server.preparedQuery(ONE_SERIES).execute(Tuple.of(seriesId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toSeries(rows.iterator().next())));
    }

    /** Up to {@code limit} series after ({@code createdAt}, {@code seriesId}) in the order asked, on {@code on}. */
    public Uni<List<EconomicSeriesView>> seriesPage(Reads on, Instant afterTs, String afterId, boolean descending,
            int limit) {
        OffsetDateTime bound = afterTs != null ? afterTs.atOffset(ZoneOffset.UTC)
                : descending ? OffsetDateTime.MAX : OffsetDateTime.MIN;
        String id = afterId != null ? afterId : descending ? "\uffff" : "";
        Tuple args = Tuple.of(bound, id, limit);
        return on.pool(server -> server.preparedQuery(descending ? SERIES_PAGE_DESC : SERIES_PAGE_ASC).execute(args))
                .map(rows -> {
                    List<EconomicSeriesView> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        out.add(toSeries(row));
                    }
                    return out;
                });
    }

    /** Whether any series exists (the quick start loads its sample only into an empty catalogue). */
    public Uni<Boolean> anySeries() {
        return pool.query(ANY_SERIES).execute().map(rows -> rows.iterator().next().getBoolean("any"));
    }

    /** Locks a series for the caller's transaction; false when there is no such series. */
    public Uni<Boolean> lock(SqlClient tx, String seriesId) {
        return tx.preparedQuery(LOCK_SERIES).execute(Tuple.of(seriesId)).map(rows -> rows.size() > 0);
    }

    /** What one insert of a vintage did. */
    public record Inserted(int inserted, int revised, int unchanged, int conflicts, LocalDate firstConflict) {
    }

    /** Inserts a batch of one vintage in the caller's transaction ({@link #INSERT_OBSERVATIONS}). */
    public Uni<Inserted> insert(SqlClient tx, String seriesId, LocalDate vintage, List<NewObservation> rows) {
        int n = rows.size();
        LocalDate[] dates = new LocalDate[n];
        BigDecimal[] values = new BigDecimal[n];
        Boolean[] flags = new Boolean[n];
        for (int i = 0; i < n; i++) {
            NewObservation row = rows.get(i);
            dates[i] = row.date();
            values[i] = row.value();
            flags[i] = row.preliminary();
        }
        return tx.preparedQuery(INSERT_OBSERVATIONS)
                .execute(Tuple.tuple().addString(seriesId).addValue(dates).addValue(values).addValue(flags)
                        .addLocalDate(vintage))
                .map(result -> {
                    Row row = result.iterator().next();
                    return new Inserted(row.getLong("inserted").intValue(), row.getLong("revised").intValue(),
                            row.getLong("unchanged").intValue(), row.getLong("conflicts").intValue(),
                            row.getLocalDate("first_conflict"));
                });
    }

    /**
     * Up to {@code limit} dates in [from, to) with their value as known at {@code asOf} (the newest vintage on
     * or before it; {@code null}: the newest of all), on {@code on}.
     */
    public Uni<List<ObservationView>> asOf(Reads on, String seriesId, LocalDate from, LocalDate to, LocalDate asOf,
            boolean descending, int limit) {
        Tuple args = Tuple.tuple().addString(seriesId).addLocalDate(from).addLocalDate(to).addLocalDate(asOf)
                .addInteger(limit);
        return on.pool(server -> server.preparedQuery(descending ? AS_OF_DESC : AS_OF_ASC).execute(args))
                .map(rows -> {
                    List<ObservationView> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        out.add(new ObservationView(row.getLocalDate("obs_date"), plain(row.getBigDecimal("value")),
                                row.getLocalDate("vintage"), row.getBoolean("preliminary")));
                    }
                    return out;
                });
    }

    /** Up to {@code limit} vintages after {@code after} (before it when descending), on {@code on}. */
    public Uni<List<VintageView>> vintages(Reads on, String seriesId, LocalDate after, boolean descending,
            int limit) {
        Tuple args = Tuple.tuple().addString(seriesId).addLocalDate(after).addInteger(limit);
        return on.pool(server -> server.preparedQuery(descending ? VINTAGES_DESC : VINTAGES_ASC).execute(args))
                .map(rows -> {
                    List<VintageView> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        out.add(new VintageView(row.getLocalDate("vintage"), row.getLong("observations"),
                                row.getLong("first_releases"), row.getLong("revised"), row.getLocalDate("first_date"),
                                row.getLocalDate("last_date")));
                    }
                    return out;
                });
    }

    private static EconomicSeriesView toSeries(Row row) {
        return new EconomicSeriesView(row.getString("series_id"), row.getString("title"), row.getString("units"),
                Frequency.valueOf(row.getString("frequency")), row.getString("source"), row.getString("notes"),
                row.getLocalDate("first_date"), row.getLocalDate("last_date"), row.getLocalDate("latest_vintage"),
                row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant());
    }

    private static BigDecimal plain(BigDecimal value) {
        return dev.tickvault.common.Decimals.plain(value);
    }
}
