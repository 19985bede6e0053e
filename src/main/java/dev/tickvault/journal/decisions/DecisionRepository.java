package dev.tickvault.journal.decisions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.ExactJsonFormatMapper;
import dev.tickvault.common.FeedEvents;
import dev.tickvault.common.KeysetCursor;
import dev.tickvault.ops.db.Reads;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Decisions: inserts through the reactive {@link Pool} (the write hot path: one statement, no session), one by
 * id through Hibernate Reactive Panache, keyset pages on (decidedAt, id) through the pool of the server a
 * {@link Reads} names.
 */
@ApplicationScoped
public class DecisionRepository implements PanacheRepositoryBase<Decision, UUID> {

    private static final String COLUMNS = "id, symbol, action, confidence, price, quantity, strategy, model, rationale,"
            + " features, decided_at, recorded_at";
    /** A page's statement up to its conditions ({@link #page}). */
    private static final String PAGE = "SELECT " + COLUMNS + " FROM journal.decisions";
    /** One decision: one row of values. {@code features} arrives as JSON text. */
    private static final String INSERT_ONE = "WITH inserted AS (INSERT INTO journal.decisions (" + COLUMNS + ")"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CAST($10::text AS jsonb), $11, $12)"
            + " RETURNING id, strategy, symbol), %s";
    /** A batch: every row in one statement, from one array per column, in input order. */
    private static final String INSERT_MANY = "INSERT INTO journal.decisions (" + COLUMNS + ")"
            + " SELECT id, symbol, action, confidence, price, quantity, strategy, model, rationale, CAST(features AS jsonb),"
            + " decided_at, recorded_at"
            + " FROM unnest($1::uuid[], $2::text[], $3::text[], $4::numeric[], $5::numeric[], $6::numeric[], $7::text[],"
            + " $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::timestamptz[])"
            + " AS t(id, symbol, action, confidence, price, quantity, strategy, model, rationale, features, decided_at,"
            + " recorded_at)";

    /**
     * After an insert ({@code inserted}: the rows' id, strategy and symbol), the live feed's event of each
     * (strategy, symbol) written: numbered from its {@code journal.decision_series} row, which the statement locks
     * until commit, so numbers follow commit order within the pair (migration V40), and the notification of each
     * ({@code decision|seq|symbol|strategy}, column {@code notices}), which the caller sends on {@value #EVENTS_CHANNEL}
     * once the insert has committed ({@code NotificationSender}: a {@code pg_notify} here would serialise every
     * writer's commit; the payload points at the event). Rows are locked in (strategy, symbol) order, so concurrent
     * group inserts cannot deadlock.
     */
    private static final String EVENTS = """
            series AS (
                INSERT INTO journal.decision_series AS s (strategy, symbol, event_seq)
                SELECT strategy, symbol, 1 FROM inserted GROUP BY strategy, symbol ORDER BY strategy, symbol
                ON CONFLICT (strategy, symbol) DO UPDATE SET event_seq = s.event_seq + 1
                RETURNING s.strategy, s.symbol, s.event_seq
            ), events AS (
                INSERT INTO journal.decision_events (strategy, symbol, seq, ids)
                SELECT s.strategy, s.symbol, s.event_seq,
                       ARRAY(SELECT i.id FROM %1$s WHERE i.strategy = s.strategy AND i.symbol = s.symbol
                              ORDER BY %2$s)
                  FROM series s
                RETURNING 'decision|' || seq || '|' || symbol || '|' || strategy AS notice
            )
            SELECT array_agg(notice) AS notices FROM events
            """;

    /** The notification channel of the live feeds, shared with the bars' (one LISTEN connection). */
    public static final String EVENTS_CHANNEL = "tickvault_live";

    private static final String INSERT_ONE_WITH_EVENTS = INSERT_ONE.formatted(EVENTS.formatted("inserted i", "i.id"));
    /** A batch's event lists its decisions in input order (RETURNING follows none): by the ids' places in $1. */
    private static final String INSERT_MANY_WITH_EVENTS = "WITH inserted AS (" + INSERT_MANY
            + " RETURNING id, strategy, symbol), input_order AS (SELECT id, ord FROM unnest($1::uuid[])"
            + " WITH ORDINALITY AS o(id, ord)), "
            + EVENTS.formatted("inserted i JOIN input_order o USING (id)", "o.ord");

    /**
     * The decisions of a (strategy, symbol) pair's events after position ($3, $4), oldest first, at most $5:
     * the decision's columns, then the event's number and the decision's place in it.
     */
    private static final String EVENTS_AFTER = """
            SELECT d.id, d.symbol, d.action, d.confidence, d.price, d.quantity, d.strategy, d.model, d.rationale,
                   d.features::text AS features, d.decided_at, d.recorded_at, e.seq, u.ord,
                   pg_current_wal_insert_lsn()::text AS lsn
              FROM journal.decision_events e
             CROSS JOIN LATERAL unnest(e.ids) WITH ORDINALITY AS u(id, ord)
              JOIN journal.decisions d ON d.id = u.id
             WHERE e.strategy = $1 AND e.symbol = $2 AND e.seq >= $3 AND (e.seq, u.ord) > ($3, $4)
             ORDER BY e.seq, u.ord
             LIMIT $5
            """;

    /** As the bars' retention query: the newest event number, the events kept from $3 on, the age of those after $5. */
    private static final String EVENT_RETENTION = """
            WITH h AS (
                SELECT coalesce((SELECT event_seq FROM journal.decision_series WHERE strategy = $1 AND symbol = $2), 0)
                       AS head
            )
            SELECT h.head, count(e.seq) AS kept,
                   coalesce(min(e.created_at) FILTER (WHERE e.seq > $5) >= now() - make_interval(secs => $4), true) AS recent
              FROM h LEFT JOIN journal.decision_events e
                ON e.strategy = $1 AND e.symbol = $2 AND e.seq >= $3 AND e.seq <= h.head
             GROUP BY h.head
            """;

    /** Deletes up to $2 events written before $1 (the replay window's start); the decisions stay. */
    private static final String PRUNE_EVENTS = """
            DELETE FROM journal.decision_events WHERE ctid = ANY (ARRAY(
                SELECT ctid FROM journal.decision_events WHERE created_at < $1 LIMIT $2))
            """;

    private final Pool pool;
    private final ObjectMapper mapper;

    public DecisionRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /**
     * Inserts decisions in one statement through the pool, so a batch is stored whole or not at all.
     *
     * @return the notifications of its live events ({@value #EVENTS_CHANNEL} payloads), to send now that it committed
     */
    public Uni<List<String>> insert(List<Decision> decisions) {
        return insert(pool, decisions);
    }

    /**
     * Inserts decisions in one statement inside a caller's transaction (an idempotency key's).
     *
     * @return the notifications of its live events, to send once that transaction has committed
     */
    public Uni<List<String>> insert(SqlConnection tx, List<Decision> decisions) {
        return insert((SqlClient) tx, decisions);
    }

    private Uni<List<String>> insert(SqlClient target, List<Decision> decisions) {
        if (decisions.size() == 1) {
            Decision d = decisions.get(0);
            return target.preparedQuery(INSERT_ONE_WITH_EVENTS).execute(Tuple.from(new Object[] {d.id, d.symbol, d.action.name(),
                    d.confidence, d.price, d.quantity, d.strategy, d.model, d.rationale, json(d.features),
                    utc(d.decidedAt), utc(d.recordedAt)})).map(DecisionRepository::notices);
        }
        int n = decisions.size();
        UUID[] ids = new UUID[n];
        String[] symbols = new String[n];
        String[] actions = new String[n];
        BigDecimal[] confidences = new BigDecimal[n];
        BigDecimal[] prices = new BigDecimal[n];
        BigDecimal[] quantities = new BigDecimal[n];
        String[] strategies = new String[n];
        String[] models = new String[n];
        String[] rationales = new String[n];
        String[] features = new String[n];
        OffsetDateTime[] decidedAt = new OffsetDateTime[n];
        OffsetDateTime[] recordedAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Decision d = decisions.get(i);
            ids[i] = d.id;
            symbols[i] = d.symbol;
            actions[i] = d.action.name();
            confidences[i] = d.confidence;
            prices[i] = d.price;
            quantities[i] = d.quantity;
            strategies[i] = d.strategy;
            models[i] = d.model;
            rationales[i] = d.rationale;
            features[i] = json(d.features);
            decidedAt[i] = utc(d.decidedAt);
            recordedAt[i] = utc(d.recordedAt);
        }
        return target.preparedQuery(INSERT_MANY_WITH_EVENTS).execute(Tuple.from(new Object[] {ids, symbols, actions, confidences,
                prices, quantities, strategies, models, rationales, features, decidedAt, recordedAt}))
                .map(DecisionRepository::notices);
    }

    private static List<String> notices(RowSet<Row> rows) {
        String[] notices = rows.iterator().next().getArrayOfStrings("notices");
        return notices == null ? List.of() : List.of(notices);
    }

    /** Up to {@code limit} decisions of the pair's events after position {@code (seq, ord)}, oldest first. */
    public Uni<List<Positioned>> eventsAfter(String strategy, String symbol, long seq, int ord, int limit) {
        return pool.preparedQuery(EVENTS_AFTER).execute(Tuple.of(strategy, symbol, seq, (long) ord, limit))
                .map(rows -> {
                    List<Positioned> out = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        out.add(new Positioned(row.getLong("seq"), row.getLong("ord").intValue(), toEventDecision(row),
                                row.getString("lsn")));
                    }
                    return out;
                });
    }

    /** A decision and its position in its pair's live feed. */
    public record Positioned(long seq, int ord, Decision decision, String lsn) {
    }

    /**
     * What the pair keeps of its events from number {@code from} on, and whether those after {@code past} were all
     * written within {@code windowSeconds}.
     */
    public Uni<FeedEvents.Retention> eventRetention(String strategy, String symbol, long from, long past, long windowSeconds) {
        return pool.preparedQuery(EVENT_RETENTION).execute(Tuple.of(strategy, symbol, from, (double) windowSeconds, past))
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

    /** A row of the live events' statement, whose {@code features} come as text. */
    private Decision toEventDecision(Row row) {
        Decision d = new Decision();
        d.id = row.getUUID("id");
        d.symbol = row.getString("symbol");
        d.action = Decision.Action.valueOf(row.getString("action"));
        d.confidence = row.getBigDecimal("confidence");
        d.price = row.getBigDecimal("price");
        d.quantity = row.getBigDecimal("quantity");
        d.strategy = row.getString("strategy");
        d.model = row.getString("model");
        d.rationale = row.getString("rationale");
        String features = row.getString("features");
        try {
            d.features = features == null ? null : mapper.readTree(features);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored features are not JSON", e);
        }
        d.decidedAt = row.getOffsetDateTime("decided_at").toInstant();
        d.recordedAt = row.getOffsetDateTime("recorded_at").toInstant();
        return d;
    }

    private String json(JsonNode node) {
        if (node == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a JSON tree", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** A decision by id, or {@code null}. */
    @WithSession
    public Uni<Decision> byId(UUID id) {
        return findById(id);
    }

    /**
     * Up to {@code limit} decisions matching the filters (any may be {@code null}), in [from, to) on
     * {@code decidedAt}, after the cursor, ordered by (decidedAt, id), on the server {@code on} names (a read
     * replica or the primary). Through the pool rather than Hibernate, whose sessions only know the primary;
     * each row is read as Hibernate reads it ({@link #toDecision}), so a page is the same from either.
     * The statement is put together from constant fragments by which filters are given (as Hibernate built its
     * query), so each combination keeps a plan of its own; values are only ever {@code $n} parameters.
     */
    public Uni<List<Decision>> page(Reads on, String symbol, String strategy, Instant from, Instant to,
            KeysetCursor after, boolean descending, int limit) {
        StringBuilder sql = new StringBuilder(PAGE);
        Tuple args = Tuple.tuple();
        String and = " WHERE ";
        if (symbol != null) {
            sql.append(and).append("symbol = $").append(args.addString(symbol).size());
            and = " AND ";
        }
        if (strategy != null) {
            sql.append(and).append("strategy = $").append(args.addString(strategy).size());
            and = " AND ";
        }
        if (from != null) {
            sql.append(and).append("decided_at >= $").append(args.addOffsetDateTime(utc(from)).size());
            and = " AND ";
        }
        if (to != null) {
            sql.append(and).append("decided_at < $").append(args.addOffsetDateTime(utc(to)).size());
            and = " AND ";
        }
        if (after != null) {
            int ts = args.addOffsetDateTime(utc(after.ts())).size();
            int id = args.addUUID(after.uuid()).size();
            sql.append(and).append("(decided_at, id) ").append(descending ? "<" : ">")
                    .append(" ($").append(ts).append(", $").append(id).append(')');
        }
        sql.append(descending ? " ORDER BY decided_at DESC, id DESC" : " ORDER BY decided_at, id")
                .append(" LIMIT $").append(args.addInteger(limit).size());
        String statement = sql.toString();
        return on.pool(server -> server.preparedQuery(statement).execute(args)).map(rows -> {
            List<Decision> out = new ArrayList<>(rows.size());
            for (Row row : rows) {
                out.add(toDecision(row));
            }
            return out;
        });
    }

    /** A row of {@link #PAGE} as the entity Hibernate would read from it. */
    private static Decision toDecision(Row row) {
        Decision d = new Decision();
        d.id = row.getUUID("id");
        d.symbol = row.getString("symbol");
        d.action = Decision.Action.valueOf(row.getString("action"));
        d.confidence = row.getBigDecimal("confidence");
        d.price = row.getBigDecimal("price");
        d.quantity = row.getBigDecimal("quantity");
        d.strategy = row.getString("strategy");
        d.model = row.getString("model");
        d.rationale = row.getString("rationale");
        d.features = ExactJsonFormatMapper.fromColumn(row.getValue("features"));
        d.decidedAt = row.getOffsetDateTime("decided_at").toInstant();
        d.recordedAt = row.getOffsetDateTime("recorded_at").toInstant();
        return d;
    }
}
