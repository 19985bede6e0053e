package dev.tickvault.journal.decisions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickvault.common.ExactJsonFormatMapper;
import dev.tickvault.common.KeysetCursor;
import dev.tickvault.ops.db.Reads;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
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
    private static final String INSERT_ONE = "INSERT INTO journal.decisions (" + COLUMNS + ")"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CAST($10::text AS jsonb), $11, $12)";
    /** A batch: every row in one statement, from one array per column, in input order. */
    private static final String INSERT_MANY = "INSERT INTO journal.decisions (" + COLUMNS + ")"
            + " SELECT id, symbol, action, confidence, price, quantity, strategy, model, rationale, CAST(features AS jsonb),"
            + " decided_at, recorded_at"
            + " FROM unnest($1::uuid[], $2::text[], $3::text[], $4::numeric[], $5::numeric[], $6::numeric[], $7::text[],"
            + " $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::timestamptz[])"
            + " AS t(id, symbol, action, confidence, price, quantity, strategy, model, rationale, features, decided_at,"
            + " recorded_at)";

    private final Pool pool;
    private final ObjectMapper mapper;

    public DecisionRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /** Inserts decisions in one statement through the pool, so a batch is stored whole or not at all. */
    public Uni<Void> insert(List<Decision> decisions) {
        return insert(pool, decisions);
    }

    /** Inserts decisions in one statement inside a caller's transaction (an idempotency key's). */
    public Uni<Void> insert(SqlConnection tx, List<Decision> decisions) {
        return insert((SqlClient) tx, decisions);
    }

    private Uni<Void> insert(SqlClient target, List<Decision> decisions) {
        if (decisions.size() == 1) {
            Decision d = decisions.get(0);
            return target.preparedQuery(INSERT_ONE).execute(Tuple.from(new Object[] {d.id, d.symbol, d.action.name(),
                    d.confidence, d.price, d.quantity, d.strategy, d.model, d.rationale, json(d.features),
                    utc(d.decidedAt), utc(d.recordedAt)})).replaceWithVoid();
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
        return target.preparedQuery(INSERT_MANY).execute(Tuple.from(new Object[] {ids, symbols, actions, confidences,
                prices, quantities, strategies, models, rationales, features, decidedAt, recordedAt})).replaceWithVoid();
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
