package dev.tickvault.journal.predictions;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** What was observed for a prediction, in {@code journal.prediction_outcomes}; one per prediction. */
@Entity
@Table(schema = "journal", name = "prediction_outcomes")
public class PredictionOutcome {

    @Id
    @Column(name = "prediction_id")
    public UUID predictionId;

    @Column(name = "actual_value")
    public BigDecimal actualValue;

    @Column(name = "observed_at")
    public Instant observedAt;

    @Column(name = "recorded_at")
    public Instant recordedAt;
}
