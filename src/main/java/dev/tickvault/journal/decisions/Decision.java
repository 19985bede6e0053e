package dev.tickvault.journal.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A trading decision in {@code journal.decisions}. Append-only: {@link Immutable} keeps Hibernate from ever
 * issuing an UPDATE, and a trigger in the database rejects UPDATE and DELETE from anyone.
 */
@Entity
@Immutable
@Table(schema = "journal", name = "decisions")
public class Decision {

    /** What a decision says to do. */
    public enum Action {
        BUY, SELL, HOLD, CLOSE
    }

    @Id
    public UUID id;

    public String symbol;

    @Enumerated(EnumType.STRING)
    public Action action;

    /** From 0 to 1. */
    public BigDecimal confidence;

    public BigDecimal price;

    public BigDecimal quantity;

    public String strategy;

    public String model;

    public String rationale;

    /** The model's inputs, a JSON object. */
    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode features;

    /** When the decision was taken (the client's time; the recording time when not given). */
    @Column(name = "decided_at")
    public Instant decidedAt;

    /** When tickvault stored it. */
    @Column(name = "recorded_at")
    public Instant recordedAt;
}
