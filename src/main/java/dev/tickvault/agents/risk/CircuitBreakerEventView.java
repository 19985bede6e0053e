package dev.tickvault.agents.risk;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/** A circuit-breaker event on the wire; {@code details} is omitted when absent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CircuitBreakerEventView(UUID id, String agentId, String reason, Instant triggeredAt, JsonNode details,
        Instant recordedAt) {

    /** The view of a stored event. */
    public static CircuitBreakerEventView of(CircuitBreakerEvent e) {
        return new CircuitBreakerEventView(e.id, e.agentId, e.reason, e.triggeredAt, e.details, e.recordedAt);
    }
}
