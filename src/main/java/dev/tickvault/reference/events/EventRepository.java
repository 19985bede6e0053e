package dev.tickvault.reference.events;

import dev.tickvault.common.Decimals;
import io.smallrye.mutiny.Uni;
import dev.tickvault.ops.db.Reads;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL of the event calendar (DESIGN 10) through the reactive {@link Pool}: a batch inserted in one statement
 * from arrays (a second post of the same event breaks {@code events_natural_key}: 409), keyset pages on
 * ({@code event_at}, id), and the change of the figures under a row lock with the version raised.
 */
@ApplicationScoped
public class EventRepository {

    private static final String COLUMNS = "id, event_type, event_at, name, impact, symbol, currency, country, actual,"
            + " forecast, previous, source, version, created_at, updated_at";

    private static final String INSERT = """
            INSERT INTO ref.events (id, event_type, event_at, name, impact, symbol, currency, country, actual, forecast,
                                    previous, source)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::int2[], $6::text[],
                                 $7::text[], $8::text[], $9::numeric[], $10::numeric[], $11::numeric[], $12::text[])
            RETURNING %s
            """;

    /** Events matching the filters (each optional) in [$1, $2), after the cursor ($6, $7), $8 rows. */
    private static final String PAGE = """
            SELECT %s FROM ref.events
             WHERE event_at >= coalesce($1::timestamptz, '-infinity') AND event_at < coalesce($2::timestamptz, 'infinity')
               AND ($3::text IS NULL OR event_type = $3)
               AND ($4::text IS NULL OR country = $4)
               AND ($5::text IS NULL OR symbol = $5)
               AND impact >= $9
               AND ($6::timestamptz IS NULL OR (event_at, id) %s ($6, $7))
             ORDER BY event_at %s, id %s
             LIMIT $8
            """;
    private static final String PAGE_ASC = PAGE.formatted(COLUMNS, ">", "", "");
    private static final String PAGE_DESC = PAGE.formatted(COLUMNS, "<", "DESC", "DESC");

    private static final String ONE = "SELECT " + COLUMNS + " FROM ref.events WHERE id = $1";
    private static final String LOCK = "SELECT " + COLUMNS + " FROM ref.events WHERE id = $1 FOR UPDATE";
    private static final String CHANGE = """
            UPDATE ref.events
               SET actual = coalesce($2, actual), forecast = coalesce($3, forecast), previous = coalesce($4, previous),
                   version = version + 1, updated_at = now()
             WHERE id = $1
            RETURNING %s
            """.formatted(COLUMNS);
    private static final String ANY_OF_TYPE = "SELECT EXISTS (SELECT 1 FROM ref.events WHERE event_type = $1) AS any";

    private final Pool pool;

    public EventRepository(Pool pool) {
        this.pool = pool;
    }

    /** Inserts events in one statement (all or none), through the pool or a caller's transaction, in input order. */
    public Uni<List<EventView>> insert(SqlClient target, List<NewEvent> events, List<UUID> ids) {
        int n = events.size();
        String[] types = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        String[] names = new String[n];
        Short[] impacts = new Short[n];
        String[] symbols = new String[n];
        String[] currencies = new String[n];
        String[] countries = new String[n];
        BigDecimal[] actuals = new BigDecimal[n];
        BigDecimal[] forecasts = new BigDecimal[n];
        BigDecimal[] previous = new BigDecimal[n];
        String[] sources = new String[n];
        for (int i = 0; i < n; i++) {
            NewEvent e = events.get(i);
            types[i] = e.eventType();
            at[i] = e.eventAt().atOffset(ZoneOffset.UTC);
            names[i] = e.name();
            impacts[i] = (short) e.impact();
            symbols[i] = e.symbol();
            currencies[i] = e.currency();
            countries[i] = e.country();
            actuals[i] = e.actual();
            forecasts[i] = e.forecast();
            previous[i] = e.previous();
            sources[i] = e.source();
        }
        Tuple args = Tuple.from(new Object[] {ids.toArray(UUID[]::new), types, at, names, impacts, symbols, currencies,
            countries, actuals, forecasts, previous, sources});
        return target.preparedQuery(INSERT.formatted(COLUMNS)).execute(args).map(rows -> {
            // RETURNING gives no order: put the rows back in input order by id.
            Map<UUID, EventView> byId = new HashMap<>();
            for (EventView view : toViews(rows)) {
                byId.put(view.id(), view);
            }
            return ids.stream().map(byId::get).toList();
        });
    }

    /**
     * A page of events in [from, to) matching the filters, after ({@code afterTs}, {@code afterId}), on the server
     * {@code on} names (a read replica or the primary).
     */
    public Uni<List<EventView>> page(Reads on, Instant from, Instant to, String eventType, String country, String symbol,
            int minImpact, Instant afterTs, UUID afterId, boolean descending, int limit) {
        Tuple args = Tuple.tuple().addOffsetDateTime(utc(from)).addOffsetDateTime(utc(to)).addString(eventType)
                .addString(country).addString(symbol).addOffsetDateTime(utc(afterTs)).addUUID(afterId)
                .addInteger(limit).addShort((short) minImpact);
        return on.pool(server -> server.preparedQuery(descending ? PAGE_DESC : PAGE_ASC).execute(args))
                .map(EventRepository::toViews);
    }

    /** One event. */
    public Uni<Optional<EventView>> byId(UUID id) {
        return pool.preparedQuery(ONE).execute(Tuple.of(id)).map(rows -> toViews(rows).stream().findFirst());
    }

    /** One event, row-locked until the caller's transaction ends. */
    public Uni<Optional<EventView>> lock(SqlClient tx, UUID id) {
        return tx.preparedQuery(LOCK).execute(Tuple.of(id)).map(rows -> toViews(rows).stream().findFirst());
    }

    /** Sets the given figures (absent ones stay) and raises the version. */
    public Uni<EventView> change(SqlClient tx, UUID id, EventChange change) {
        return tx.preparedQuery(CHANGE).execute(Tuple.of(id, change.actual(), change.forecast(), change.previous()))
                .map(rows -> toViews(rows).get(0));
    }

    /** Whether an event of the type is stored (the quick start loads its closures only once). */
    public Uni<Boolean> anyOfType(String eventType) {
        return pool.preparedQuery(ANY_OF_TYPE).execute(Tuple.of(eventType))
                .map(rows -> rows.iterator().next().getBoolean("any"));
    }

    private static List<EventView> toViews(RowSet<Row> rows) {
        List<EventView> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            out.add(new EventView(row.getUUID("id"), row.getString("event_type"),
                    row.getOffsetDateTime("event_at").toInstant(), row.getString("name"), row.getShort("impact"),
                    row.getString("symbol"), row.getString("currency"), row.getString("country"),
                    Decimals.plain(row.getBigDecimal("actual")), Decimals.plain(row.getBigDecimal("forecast")),
                    Decimals.plain(row.getBigDecimal("previous")), row.getString("source"), row.getLong("version"),
                    row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant()));
        }
        return out;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
