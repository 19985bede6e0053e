package dev.tickvault.agents.state;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** An agent's state on the wire: {@code {"agentId","state":{...},"version","createdAt","updatedAt"}}. */
public record AgentStateView(String agentId, JsonNode state, long version, Instant createdAt, Instant updatedAt) {

    /** The view of a stored state. */
    public static AgentStateView of(AgentState s) {
        return new AgentStateView(s.agentId, s.state, s.version, s.createdAt, s.updatedAt);
    }
}
