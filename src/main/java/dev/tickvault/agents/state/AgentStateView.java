package dev.tickvault.agents.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.common.Identifiers;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** An agent's state on the wire: {@code {"agentId","state":{...},"version","createdAt","updatedAt"}}. */
@Schema(description = "An agent's state.", requiredProperties = {"agentId", "state", "version", "createdAt", "updatedAt"})
public record AgentStateView(
        @Schema(description = "The agent's id, an identifier (case-sensitive).", pattern = Identifiers.RULE, examples = "vix-trader")
        String agentId,
        @Schema(description = "The state, a JSON object, as last written.") JsonNode state,
        @Schema(description = "The state's version, the value of its ETag; sent back in If-Match.", minimum = "0")
        long version,
        @Schema(description = "When the state was first written, RFC 3339 in UTC.") Instant createdAt,
        @Schema(description = "When it last changed, RFC 3339 in UTC.") Instant updatedAt) {

    /** The view of a stored state. */
    public static AgentStateView of(AgentState s) {
        return new AgentStateView(s.agentId, s.state, s.version, s.createdAt, s.updatedAt);
    }
}
