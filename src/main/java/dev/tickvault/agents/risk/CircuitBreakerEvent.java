package dev.tickvault.agents.risk;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/**
 * A circuit-breaker trip in {@code agents.circuit_breaker_events}. Append-only like decisions:
 * {@link Immutable} here, and a trigger in the database rejects UPDATE and DELETE.
 */
@Entity
@Immutable
@Table(schema = "agents", name = "circuit_breaker_events")
public class CircuitBreakerEvent {

    @Id
    public UUID id;

    @Column(name = "agent_id")
    public String agentId;

    public String reason;

    @Column(name = "triggered_at")
    public Instant triggeredAt;

    /** Context of the trip (limits, values), a JSON object. */
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode details;

    @Column(name = "recorded_at")
    public Instant recordedAt;
}
