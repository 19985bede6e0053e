package dev.tickvault.journal.predictions;

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
public record Accuracy(String model, String symbol, java.time.Instant from, java.time.Instant to, long count,
        long pending, long hits, BigDecimal directionalHitRate, BigDecimal mae, BigDecimal rmse) {
}
