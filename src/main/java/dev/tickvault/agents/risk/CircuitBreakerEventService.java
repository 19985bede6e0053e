package dev.tickvault.agents.risk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.common.Faults;
import dev.tickvault.common.FieldReader;
import dev.tickvault.common.Identifiers;
import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Page;
import dev.tickvault.common.Uuids;
import dev.tickvault.idempotency.IdempotentWrite;
import dev.tickvault.idempotency.Reply;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Circuit-breaker events (DESIGN 5): {@code {"agentId","reason","triggeredAt"?,"details"?}}, recorded once and
 * never changed.
 */
@ApplicationScoped
public class CircuitBreakerEventService {

    private final CircuitBreakerEventRepository repository;
    private final IdempotentWrite write;

    public CircuitBreakerEventService(CircuitBreakerEventRepository repository, IdempotentWrite write) {
        this.repository = repository;
        this.write = write;
    }

    /**
     * An event as posted, after validation: {@code agentId} and {@code reason} (up to 1,000 characters)
     * required, {@code triggeredAt} defaults to now, {@code details} a JSON object.
     */
    @Schema(name = "NewCircuitBreakerEvent", description = "A circuit-breaker event to record.")
    public record NewEvent(
            @Schema(description = "The agent whose breaker tripped, an identifier (case-sensitive).", pattern = Identifiers.RULE,
                    examples = "vix-trader") String agentId,
            @Schema(description = "Why it tripped.", minLength = 1, maxLength = 1000) String reason,
            @Schema(description = "When it tripped, RFC 3339 in UTC; the time it is recorded when absent.")
            Instant triggeredAt,
            @Schema(description = "Details, a JSON object.") JsonNode details) {

        /** Reads an event, adding a fault for each broken rule. */
        public static NewEvent read(FieldReader in, Faults faults) {
            return new NewEvent(in.identifier("agentId", true), in.text("reason", true, 1000),
                    in.timestamp("triggeredAt", false), in.object("details", false));
        }
    }

    /** Records an event in one transaction (with the request's idempotency key when it has one). */
    public Uni<Reply> record(NewEvent in, IdempotentWrite.Request<CircuitBreakerEventView> request) {
        return write.runInSession(request, () -> record(in));
    }

    private Uni<CircuitBreakerEventView> record(NewEvent in) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        CircuitBreakerEvent e = new CircuitBreakerEvent();
        e.id = Uuids.v7();
        e.agentId = in.agentId();
        e.reason = in.reason();
        e.triggeredAt = in.triggeredAt() != null ? in.triggeredAt() : now;
        e.details = in.details();
        e.recordedAt = now;
        return repository.persist(e).map(CircuitBreakerEventView::of);
    }

    /** An event by id. */
    public Uni<Optional<CircuitBreakerEventView>> byId(UUID id) {
        return repository.byId(id).map(e -> Optional.ofNullable(e).map(CircuitBreakerEventView::of));
    }

    /** A page of events triggered in [from, to), oldest first unless {@code descending}. */
    public Uni<Page<CircuitBreakerEventView>> list(String agentId, Instant from, Instant to, boolean descending,
            int limit, KeysetCursor cursor) {
        return repository.page(agentId, from, to, cursor, descending, Page.fetchSize(limit))
                .map(rows -> Page.of(rows, limit, last -> KeysetCursor.after(last.triggeredAt, last.id, descending))
                        .map(CircuitBreakerEventView::of));
    }
}
