package dev.tickvault.agents.state;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/**
 * An agent's state document in {@code agents.agent_state}: one JSON object per agent, replaced whole. The
 * {@link Version} (0 when created, one more per replacement) is its {@code ETag}.
 */
@Entity
@Table(schema = "agents", name = "agent_state")
public class AgentState {

    @Id
    @Column(name = "agent_id")
    public String agentId;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode state;

    @Version
    public Long version;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
