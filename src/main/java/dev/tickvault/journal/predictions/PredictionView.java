package dev.tickvault.journal.predictions;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tickvault.common.Decimals;
import dev.tickvault.common.Symbols;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A prediction on the wire, with its outcome once one is recorded. {@code shouldTrade} is derived on read:
 * {@code confidence >= tickvault.prediction.trade-threshold}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A recorded prediction, with its outcome once one is recorded. Absent optional fields are "
        + "left out.", requiredProperties = {"id", "symbol", "model", "horizon", "predictedAt", "predictedValue",
                "confidence", "shouldTrade", "recordedAt"})
public record PredictionView(
        @Schema(description = "The prediction's id.") UUID id,
        @Schema(description = "Instrument symbol, upper-cased.", pattern = Symbols.PATTERN, examples = "^VIX") String symbol,
        @Schema(description = "The model's name.", examples = "ohlc-signal-v1") String model,
        @Schema(description = "How far ahead the prediction looks, a positive ISO-8601 duration.", examples = "P1D")
        String horizon,
        @Schema(description = "When the prediction was made, RFC 3339 in UTC.", examples = "2009-06-01T20:00:00Z")
        Instant predictedAt,
        @Schema(description = "The predicted value, an exact decimal, at most 8 decimal places (NUMERIC(20,8)).", examples = "29.5") BigDecimal predictedValue,
        @Schema(description = "The value the prediction starts from, an exact decimal, at most 8 decimal places (NUMERIC(20,8)).", examples = "30.04")
        BigDecimal referenceValue,
        @Schema(description = "The predicted direction.", examples = "DOWN") Prediction.Direction direction,
        @Schema(description = "How sure the model is, an exact decimal, at most 8 decimal places (NUMERIC(20,8)), from 0 to 1.", minimum = "0", maximum = "1",
                examples = "0.75") BigDecimal confidence,
        @Schema(description = "Derived on read: confidence >= tickvault.prediction.trade-threshold.")
        boolean shouldTrade,
        @Schema(description = "The agent's cycle number, zero or more.", minimum = "0") Long agentCycle,
        @Schema(description = "When tickvault recorded it, RFC 3339 in UTC.") Instant recordedAt,
        @Schema(description = "What was observed; absent until an outcome is recorded.") Outcome outcome) {

    /** The recorded outcome. */
    @Schema(description = "The observed outcome of a prediction.")
    public record Outcome(
            @Schema(description = "The value observed, an exact decimal, at most 8 decimal places (NUMERIC(20,8)).", examples = "29.63") BigDecimal actualValue,
            @Schema(description = "When it was observed, RFC 3339 in UTC.", examples = "2009-06-02T20:00:00Z")
            Instant observedAt,
            @Schema(description = "When tickvault recorded it, RFC 3339 in UTC.") Instant recordedAt) {
    }

    /** The view of a prediction and its outcome (may be {@code null}). */
    public static PredictionView of(Prediction p, PredictionOutcome o, BigDecimal threshold) {
        return new PredictionView(p.id, p.symbol, p.model, p.horizon, p.predictedAt, Decimals.plain(p.predictedValue),
                Decimals.plain(p.referenceValue), p.direction, Decimals.plain(p.confidence),
                p.confidence.compareTo(threshold) >= 0, p.agentCycle, p.recordedAt,
                o == null ? null : new Outcome(Decimals.plain(o.actualValue), o.observedAt, o.recordedAt));
    }
}
