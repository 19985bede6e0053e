package dev.tickvault.journal.trades;

import dev.tickvault.common.KeysetCursor;
import dev.tickvault.ops.db.Reads;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Trades through Hibernate Reactive Panache (one by id, locked changes); keyset pages on (entryTime, id) through
 * the pool of the server a {@link Reads} names.
 */
@ApplicationScoped
public class TradeRepository implements PanacheRepositoryBase<Trade, UUID> {

    /** A page's statement up to its conditions ({@link #page}). */
    private static final String PAGE = "SELECT id, symbol, side, quantity, entry_price, entry_time, execution_mode,"
            + " broker, broker_order_id, decision_id, status, exit_price, exit_time, version, created_at, updated_at"
            + " FROM journal.trades";

    /** A trade by id, or {@code null}. */
    @WithSession
    public Uni<Trade> byId(UUID id) {
        return findById(id);
    }

    /**
     * A trade by id, row-locked ({@code SELECT ... FOR UPDATE}) until the transaction ends, so concurrent
     * changes to one trade queue up and each sees the version the previous one wrote.
     */
    public Uni<Trade> lockById(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Up to {@code limit} trades matching the filters (any may be {@code null}), entered in [from, to), after the
     * cursor, ordered by (entryTime, id), on the server {@code on} names (a read replica or the primary). Through
     * the pool rather than Hibernate, whose sessions only know the primary; each row becomes the entity Hibernate
     * would read ({@link #toTrade}). The statement is put together from constant fragments by which filters are
     * given, as Hibernate built its query; values are only ever {@code $n} parameters.
     */
    public Uni<List<Trade>> page(Reads on, Trade.Status status, Trade.ExecutionMode mode, String symbol,
            Instant from, Instant to, KeysetCursor after, boolean descending, int limit) {
        StringBuilder sql = new StringBuilder(PAGE);
        Tuple args = Tuple.tuple();
        String and = " WHERE ";
        if (status != null) {
            sql.append(and).append("status = $").append(args.addString(status.name()).size());
            and = " AND ";
        }
        if (mode != null) {
            sql.append(and).append("execution_mode = $").append(args.addString(mode.name()).size());
            and = " AND ";
        }
        if (symbol != null) {
            sql.append(and).append("symbol = $").append(args.addString(symbol).size());
            and = " AND ";
        }
        if (from != null) {
            sql.append(and).append("entry_time >= $").append(args.addOffsetDateTime(utc(from)).size());
            and = " AND ";
        }
        if (to != null) {
            sql.append(and).append("entry_time < $").append(args.addOffsetDateTime(utc(to)).size());
            and = " AND ";
        }
        if (after != null) {
            int ts = args.addOffsetDateTime(utc(after.ts())).size();
            int id = args.addUUID(after.uuid()).size();
            sql.append(and).append("(entry_time, id) ").append(descending ? "<" : ">")
                    .append(" ($").append(ts).append(", $").append(id).append(')');
        }
        sql.append(descending ? " ORDER BY entry_time DESC, id DESC" : " ORDER BY entry_time, id")
                .append(" LIMIT $").append(args.addInteger(limit).size());
        String statement = sql.toString();
        return on.pool(server -> server.preparedQuery(statement).execute(args)).map(rows -> {
            List<Trade> out = new ArrayList<>(rows.size());
            for (Row row : rows) {
                out.add(toTrade(row));
            }
            return out;
        });
    }

    /** A row of {@link #PAGE} as the entity Hibernate would read from it. */
    private static Trade toTrade(Row row) {
        Trade t = new Trade();
        t.id = row.getUUID("id");
        t.symbol = row.getString("symbol");
        t.side = Trade.Side.valueOf(row.getString("side"));
        t.quantity = row.getBigDecimal("quantity");
        t.entryPrice = row.getBigDecimal("entry_price");
        t.entryTime = instant(row.getOffsetDateTime("entry_time"));
        t.executionMode = Trade.ExecutionMode.valueOf(row.getString("execution_mode"));
        t.broker = row.getString("broker");
        t.brokerOrderId = row.getString("broker_order_id");
        t.decisionId = row.getUUID("decision_id");
        t.status = Trade.Status.valueOf(row.getString("status"));
        t.exitPrice = row.getBigDecimal("exit_price");
        t.exitTime = instant(row.getOffsetDateTime("exit_time"));
        t.version = row.getLong("version");
        t.createdAt = instant(row.getOffsetDateTime("created_at"));
        t.updatedAt = instant(row.getOffsetDateTime("updated_at"));
        return t;
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
