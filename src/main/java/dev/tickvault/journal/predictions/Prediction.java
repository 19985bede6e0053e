package dev.tickvault.journal.predictions;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A model's prediction in {@code journal.predictions}. Never changed once recorded ({@link Immutable}); what
 * happened is recorded beside it as a {@link PredictionOutcome}.
 */
@Entity
@Immutable
@Table(schema = "journal", name = "predictions")
public class Prediction {

    /** The predicted direction of the value, relative to {@code referenceValue} (0 when absent). */
    public enum Direction {
        UP, DOWN, FLAT
    }

    @Id
    public UUID id;

    public String symbol;

    public String model;

    /** ISO-8601 duration, as sent ({@code PT1H}, {@code P1D}, {@code P1W}). */
    public String horizon;

    @Column(name = "predicted_at")
    public Instant predictedAt;

    @Column(name = "predicted_value")
    public BigDecimal predictedValue;

    /** The value when the prediction was made; directions are measured from it (from 0 when absent). */
    @Column(name = "reference_value")
    public BigDecimal referenceValue;

    @Enumerated(EnumType.STRING)
    public Direction direction;

    public BigDecimal confidence;

    @Column(name = "agent_cycle")
    public Long agentCycle;

    @Column(name = "recorded_at")
    public Instant recordedAt;
}
