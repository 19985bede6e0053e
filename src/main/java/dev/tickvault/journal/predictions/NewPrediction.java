package dev.tickvault.journal.predictions;

import dev.tickvault.common.Faults;
import dev.tickvault.common.FieldReader;
import dev.tickvault.common.Symbols;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A prediction as posted (DESIGN 4), after validation: {@code symbol}, {@code model}, {@code horizon} (a
 * positive ISO-8601 duration), {@code predictedValue} and {@code confidence} (0..1) required;
 * {@code predictedAt} defaults to now; {@code direction} UP, DOWN or FLAT; {@code referenceValue} the value
 * the prediction starts from; {@code agentCycle} an integer >= 0.
 */
@Schema(description = "A prediction to record. Example: a one-day call on the VIX close of 2009-06-01 (30.04).",
        requiredProperties = {"symbol", "model", "horizon", "predictedValue", "confidence"})
public record NewPrediction(
        @Schema(description = "Instrument symbol.", pattern = Symbols.PATTERN, examples = "^VIX") String symbol,
        @Schema(description = "The model's name.", minLength = 1, maxLength = 128, examples = "ohlc-signal-v1")
        String model,
        @Schema(description = "How far ahead the prediction looks, a positive ISO-8601 duration (years, months, "
                + "weeks, days, hours, minutes, seconds), at most 64 characters.", maxLength = 64,
                examples = "P1D") String horizon,
        @Schema(description = "When the prediction was made, RFC 3339 in UTC; the time it is recorded when absent.",
                examples = "2009-06-01T20:00:00Z") Instant predictedAt,
        @Schema(description = "The predicted value, an exact decimal, at most 8 decimal places (NUMERIC(20,8)).", examples = "29.5") BigDecimal predictedValue,
        @Schema(description = "The value the prediction starts from, an exact decimal, at most 8 decimal places (NUMERIC(20,8)); counts as 0 in accuracy when absent.",
                examples = "30.04") BigDecimal referenceValue,
        @Schema(description = "The predicted direction.", examples = "DOWN") Prediction.Direction direction,
        @Schema(description = "How sure the model is, an exact decimal, at most 8 decimal places (NUMERIC(20,8)), from 0 to 1.", minimum = "0", maximum = "1",
                examples = "0.75") BigDecimal confidence,
        @Schema(description = "The agent's cycle number the prediction was made in, an integer, zero or more.",
                minimum = "0") Long agentCycle) {

    /** ISO-8601 durations with years, months, weeks, days, hours, minutes, seconds; the same CHECK is in V3. */
    private static final Pattern HORIZON = Pattern.compile(
            "^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$");

    /** Reads a prediction, adding a fault for each broken rule; {@code null} when any rule is broken. */
    public static NewPrediction read(FieldReader in, Faults faults) {
        int before = faults.total();
        String horizon = in.text("horizon", true, 64);
        if (horizon != null && (!HORIZON.matcher(horizon).matches() || !horizon.matches(".*[1-9].*"))) {
            in.fault("horizon", "must be a positive ISO-8601 duration such as PT1H, P1D or P1W");
        }
        NewPrediction prediction = new NewPrediction(in.symbol("symbol"), in.text("model", true, 128), horizon,
                in.timestamp("predictedAt", false), in.decimal("predictedValue", true),
                in.decimal("referenceValue", false), in.oneOf("direction", Prediction.Direction.class, false),
                in.fraction("confidence", true), in.integer("agentCycle", false, 0, Long.MAX_VALUE));
        return faults.total() == before ? prediction : null;
    }
}
