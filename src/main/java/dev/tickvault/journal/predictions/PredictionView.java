package dev.tickvault.journal.predictions;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tickvault.common.Decimals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A prediction on the wire, with its outcome once one is recorded. {@code shouldTrade} is derived on read:
 * {@code confidence >= tickvault.prediction.trade-threshold}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PredictionView(UUID id, String symbol, String model, String horizon, Instant predictedAt,
        BigDecimal predictedValue, BigDecimal referenceValue, Prediction.Direction direction, BigDecimal confidence,
        boolean shouldTrade, Long agentCycle, Instant recordedAt, Outcome outcome) {

    /** The recorded outcome. */
    public record Outcome(BigDecimal actualValue, Instant observedAt, Instant recordedAt) {
    }

    /** The view of a prediction and its outcome (may be {@code null}). */
    public static PredictionView of(Prediction p, PredictionOutcome o, BigDecimal threshold) {
        return new PredictionView(p.id, p.symbol, p.model, p.horizon, p.predictedAt, Decimals.plain(p.predictedValue),
                Decimals.plain(p.referenceValue), p.direction, Decimals.plain(p.confidence),
                p.confidence.compareTo(threshold) >= 0, p.agentCycle, p.recordedAt,
                o == null ? null : new Outcome(Decimals.plain(o.actualValue), o.observedAt, o.recordedAt));
    }
}
