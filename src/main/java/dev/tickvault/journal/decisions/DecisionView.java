package dev.tickvault.journal.decisions;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.common.Decimals;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A decision on the wire; optional fields are omitted when absent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A recorded decision; the fields as posted (decimals exact), with its id and when it was "
        + "recorded.", requiredProperties = {"id", "symbol", "action", "confidence", "strategy", "decidedAt",
        "recordedAt"})
public record DecisionView(UUID id, String symbol, Decision.Action action, BigDecimal confidence, BigDecimal price,
        BigDecimal quantity, String strategy, String model, String rationale, JsonNode features, Instant decidedAt,
        Instant recordedAt) {

    /** The view of a stored decision. */
    public static DecisionView of(Decision d) {
        return new DecisionView(d.id, d.symbol, d.action, Decimals.plain(d.confidence), Decimals.plain(d.price),
                Decimals.plain(d.quantity), d.strategy, d.model, d.rationale, d.features, d.decidedAt, d.recordedAt);
    }
}
