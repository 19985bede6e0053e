package dev.tickvault.agents.risk;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.common.Identifiers;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** A circuit-breaker event on the wire; {@code details} is omitted when absent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A recorded circuit-breaker event; details is left out when absent.",
        requiredProperties = {"id", "agentId", "reason", "triggeredAt", "recordedAt"})
public record CircuitBreakerEventView(
        @Schema(description = "The event's id.") UUID id,
        @Schema(description = "The agent whose breaker tripped, an identifier (case-sensitive).", pattern = Identifiers.RULE,
                examples = "vix-trader") String agentId,
        @Schema(description = "Why it tripped.") String reason,
        @Schema(description = "When it tripped, RFC 3339 in UTC.") Instant triggeredAt,
        @Schema(description = "Details, a JSON object.") JsonNode details,
        @Schema(description = "When tickvault recorded it, RFC 3339 in UTC.") Instant recordedAt) {

    /** The view of a stored event. */
    public static CircuitBreakerEventView of(CircuitBreakerEvent e) {
        return new CircuitBreakerEventView(e.id, e.agentId, e.reason, e.triggeredAt, e.details, e.recordedAt);
    }
}
