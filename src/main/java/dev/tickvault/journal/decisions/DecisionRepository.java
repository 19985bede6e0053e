package dev.tickvault.journal.decisions;

import dev.tickvault.common.KeysetCursor;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Decisions through Hibernate Reactive Panache: inserts, one by id, keyset pages on (decidedAt, id). */
@ApplicationScoped
public class DecisionRepository implements PanacheRepositoryBase<Decision, UUID> {

    /** A decision by id, or {@code null}. */
    @WithSession
    public Uni<Decision> byId(UUID id) {
        return findById(id);
    }

    /**
     * Up to {@code limit} decisions matching the filters (any may be {@code null}), in [from, to) on
     * {@code decidedAt}, after the cursor, ordered by (decidedAt, id).
     */
    @WithSession
    public Uni<List<Decision>> page(String symbol, String strategy, Instant from, Instant to, KeysetCursor after,
            boolean descending, int limit) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (symbol != null) {
            where.add("symbol = :symbol");
            params.and("symbol", symbol);
        }
        if (strategy != null) {
            where.add("strategy = :strategy");
            params.and("strategy", strategy);
        }
        if (from != null) {
            where.add("decidedAt >= :from");
            params.and("from", from);
        }
        if (to != null) {
            where.add("decidedAt < :to");
            params.and("to", to);
        }
        if (after != null) {
            String op = descending ? "<" : ">";
            where.add("(decidedAt " + op + " :afterTs or (decidedAt = :afterTs and id " + op + " :afterId))");
            params.and("afterTs", after.ts()).and("afterId", after.id());
        }
        Sort.Direction direction = descending ? Sort.Direction.Descending : Sort.Direction.Ascending;
        String query = "from Decision" + (where.isEmpty() ? "" : " where " + String.join(" and ", where));
        return find(query, Sort.by("decidedAt", direction).and("id", direction), params).page(0, limit).list();
    }
}
