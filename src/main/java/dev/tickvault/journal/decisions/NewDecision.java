package dev.tickvault.journal.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.common.Faults;
import dev.tickvault.common.FieldReader;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A decision as posted, after validation (DESIGN 4): {@code symbol}, {@code action}, {@code confidence} and
 * {@code strategy} required; {@code price} and {@code quantity} positive decimals; {@code features} a JSON
 * object; {@code decidedAt} RFC 3339.
 */
public record NewDecision(String symbol, Decision.Action action, BigDecimal confidence, BigDecimal price,
        BigDecimal quantity, String strategy, String model, String rationale, JsonNode features, Instant decidedAt) {

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
