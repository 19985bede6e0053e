package dev.tickvault.journal.trades;

import dev.tickvault.common.KeysetCursor;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Trades through Hibernate Reactive Panache; keyset pages on (entryTime, id). */
@ApplicationScoped
public class TradeRepository implements PanacheRepositoryBase<Trade, UUID> {

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

    /** Up to {@code limit} trades matching the filters (any may be {@code null}), entered in [from, to). */
    @WithSession
    public Uni<List<Trade>> page(Trade.Status status, Trade.ExecutionMode mode, String symbol, Instant from,
            Instant to, KeysetCursor after, boolean descending, int limit) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (status != null) {
            where.add("status = :status");
            params.and("status", status);
        }
        if (mode != null) {
            where.add("executionMode = :mode");
            params.and("mode", mode);
        }
        if (symbol != null) {
            where.add("symbol = :symbol");
            params.and("symbol", symbol);
        }
        if (from != null) {
            where.add("entryTime >= :from");
            params.and("from", from);
        }
        if (to != null) {
            where.add("entryTime < :to");
            params.and("to", to);
        }
        if (after != null) {
            String op = descending ? "<" : ">";
            where.add("(entryTime " + op + " :afterTs or (entryTime = :afterTs and id " + op + " :afterId))");
            params.and("afterTs", after.ts()).and("afterId", after.uuid());
        }
        Sort.Direction direction = descending ? Sort.Direction.Descending : Sort.Direction.Ascending;
        String query = "from Trade" + (where.isEmpty() ? "" : " where " + String.join(" and ", where));
        return find(query, Sort.by("entryTime", direction).and("id", direction), params).page(0, limit).list();
    }
}
