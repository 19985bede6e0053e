package dev.tickvault.journal.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.common.Faults;
import dev.tickvault.common.FieldReader;

import dev.tickvault.common.Symbols;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A decision as posted, after validation (DESIGN 4): {@code symbol}, {@code action}, {@code confidence} and
 * {@code strategy} required; {@code price} and {@code quantity} positive decimals; {@code features} a JSON
 * object; {@code decidedAt} RFC 3339.
 */
@Schema(description = "A decision to record. Example: the VIX sample data's signal of 2009-06-01 (short at the close "
        + "of 30.04).", requiredProperties = {"symbol", "action", "confidence", "strategy"})
public record NewDecision(
        @Schema(description = "Instrument symbol.", pattern = Symbols.PATTERN, examples = "^VIX") String symbol,
        @Schema(description = "What to do.", examples = "SELL") Decision.Action action,
        @Schema(description = "How sure the strategy is, an exact decimal from 0 to 1.", minimum = "0",
                maximum = "1", examples = "0.75") BigDecimal confidence,
        @Schema(description = "The price decided at, an exact decimal above 0 (NUMERIC(20,8)).",
                minimum = "0", exclusiveMinimum = true, examples = "30.04") BigDecimal price,
        @Schema(description = "The quantity, an exact decimal above 0 (NUMERIC(20,8)).", minimum = "0", exclusiveMinimum = true,
                examples = "100") BigDecimal quantity,
        @Schema(description = "The strategy's name.", minLength = 1, maxLength = MAX_NAME,
                examples = "vix-signal") String strategy,
        @Schema(description = "The model's name.", maxLength = MAX_NAME, examples = "ohlc-signal-v1")
        String model,
        @Schema(description = "Why, in words.", maxLength = MAX_RATIONALE, examples = "signal short") String rationale,
        @Schema(description = "The inputs the decision was made on, a JSON object.") JsonNode features,
        @Schema(description = "When it was decided, RFC 3339 in UTC; the time it is recorded when absent.",
                examples = "2009-06-01T20:00:00Z") Instant decidedAt) {

    /** Longest strategy or model name. */
    public static final int MAX_NAME = 128;
    /** Longest rationale. */
    public static final int MAX_RATIONALE = 10_000;

    /** Reads one decision, adding a fault for each broken rule; {@code null} when any rule is broken. */
    public static NewDecision read(FieldReader in, Faults faults) {
        int before = faults.total();
        NewDecision decision = new NewDecision(in.symbol("symbol"), in.oneOf("action", Decision.Action.class, true),
                in.fraction("confidence", true), in.positive("price", false), in.positive("quantity", false),
                in.text("strategy", true, MAX_NAME), in.text("model", false, MAX_NAME),
                in.text("rationale", false, MAX_RATIONALE), in.object("features", false),
                in.timestamp("decidedAt", false));
        return faults.total() == before ? decision : null;
    }
}
