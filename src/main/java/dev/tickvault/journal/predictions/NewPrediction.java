package dev.tickvault.journal.predictions;

import dev.tickvault.common.Faults;
import dev.tickvault.common.FieldReader;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A prediction as posted (DESIGN 4), after validation: {@code symbol}, {@code model}, {@code horizon} (a
 * positive ISO-8601 duration), {@code predictedValue} and {@code confidence} (0..1) required;
 * {@code predictedAt} defaults to now; {@code direction} UP, DOWN or FLAT; {@code referenceValue} the value
 * the prediction starts from; {@code agentCycle} an integer >= 0.
 */
public record NewPrediction(String symbol, String model, String horizon, Instant predictedAt,
        BigDecimal predictedValue, BigDecimal referenceValue, Prediction.Direction direction, BigDecimal confidence,
        Long agentCycle) {

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
