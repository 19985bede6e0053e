package dev.tickvault.journal.predictions;

import dev.tickvault.common.Symbols;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;

/**
 * Accuracy of the predictions matching a filter that have an outcome (DESIGN 4), computed in SQL.
 *
 * @param count predictions with an outcome
 * @param pending predictions without one yet (not counted in the figures)
 * @param directionalHitRate share (0..1) of predictions whose direction (given, or the sign of
 *     {@code predictedValue - referenceValue}) matched the sign of {@code actualValue - referenceValue};
 *     {@code referenceValue} counts as 0 when absent; {@code null} when count is 0
 * @param mae mean absolute error {@code avg(|actual - predicted|)}, in the values' unit
 * @param rmse root mean squared error {@code sqrt(avg((actual - predicted)^2))}, in the values' unit
 */
@Schema(description = "Accuracy of the predictions matching a filter that have an outcome, over predictedAt in "
        + "[from, to).")
public record Accuracy(
        @Schema(description = "The model filtered on; null for every model.") String model,
        @Schema(description = "The symbol filtered on; null for every symbol.", pattern = Symbols.PATTERN) String symbol,
        @Schema(description = "Start of the range of predictedAt (inclusive), RFC 3339 in UTC; null when open.")
        java.time.Instant from,
        @Schema(description = "End of the range of predictedAt (exclusive), RFC 3339 in UTC; null when open.")
        java.time.Instant to,
        @Schema(description = "Predictions with an outcome, rows.", minimum = "0") long count,
        @Schema(description = "Predictions without an outcome yet (not counted in the figures), rows.",
                minimum = "0") long pending,
        @Schema(description = "Predictions whose direction (given, or the sign of predictedValue - referenceValue) "
                + "matched the sign of actualValue - referenceValue, rows.", minimum = "0") long hits,
        @Schema(description = "hits / count, an exact decimal, at most 8 decimal places (NUMERIC(20,8)), from 0 to 1; null when count is 0.", minimum = "0",
                maximum = "1") BigDecimal directionalHitRate,
        @Schema(description = "Mean absolute error avg(|actual - predicted|) in the values' unit, an exact decimal; "
                + "null when count is 0.") BigDecimal mae,
        @Schema(description = "Root mean squared error sqrt(avg((actual - predicted)^2)) in the values' unit, a "
                + "decimal; null when count is 0.") BigDecimal rmse) {
}
