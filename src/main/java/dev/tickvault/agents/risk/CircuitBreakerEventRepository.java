package dev.tickvault.agents.risk;

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

/** Circuit-breaker events through Hibernate Reactive Panache; keyset pages on (triggeredAt, id). */
@ApplicationScoped
public class CircuitBreakerEventRepository implements PanacheRepositoryBase<CircuitBreakerEvent, UUID> {

    /** An event by id, or {@code null}. */
    @WithSession
    public Uni<CircuitBreakerEvent> byId(UUID id) {
        return findById(id);
    }

    /** Up to {@code limit} events of an agent (or all), triggered in [from, to), after the cursor. */
    @WithSession
    public Uni<List<CircuitBreakerEvent>> page(String agentId, Instant from, Instant to, KeysetCursor after,
            boolean descending, int limit) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (agentId != null) {
            where.add("agentId = :agentId");
            params.and("agentId", agentId);
        }
        if (from != null) {
            where.add("triggeredAt >= :from");
            params.and("from", from);
        }
        if (to != null) {
            where.add("triggeredAt < :to");
            params.and("to", to);
        }
        if (after != null) {
            String op = descending ? "<" : ">";
            where.add("(triggeredAt " + op + " :afterTs or (triggeredAt = :afterTs and id " + op + " :afterId))");
            params.and("afterTs", after.ts()).and("afterId", after.uuid());
        }
        Sort.Direction direction = descending ? Sort.Direction.Descending : Sort.Direction.Ascending;
        String query = "from CircuitBreakerEvent" + (where.isEmpty() ? "" : " where " + String.join(" and ", where));
        return find(query, Sort.by("triggeredAt", direction).and("id", direction), params).page(0, limit).list();
    }
}
