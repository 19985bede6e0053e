package dev.tickvault.journal.decisions;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tickvault.common.Decimals;
import dev.tickvault.common.Symbols;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A decision on the wire; optional fields are omitted when absent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A recorded decision; the fields as posted (decimals exact), with its id and when it was "
        + "recorded.", requiredProperties = {"id", "symbol", "action", "confidence", "strategy", "decidedAt",
        "recordedAt"})
public record DecisionView(
        @Schema(description = "The decision's id.") UUID id,
        @Schema(description = "Instrument symbol, upper-cased.", pattern = Symbols.PATTERN, examples = "^VIX")
        String symbol,
        @Schema(description = "What to do.", examples = "SELL") Decision.Action action,
        @Schema(description = "How sure the strategy is, an exact decimal, at most 8 decimal places (NUMERIC(20,8)), from 0 to 1.", minimum = "0", maximum = "1",
                examples = "0.75") BigDecimal confidence,
        @Schema(description = "The price decided at, an exact decimal, at most 8 decimal places (NUMERIC(20,8)).", examples = "30.04") BigDecimal price,
        @Schema(description = "The quantity, an exact decimal, at most 8 decimal places (NUMERIC(20,8)).", examples = "100") BigDecimal quantity,
        @Schema(description = "The strategy's name.", examples = "vix-signal") String strategy,
        @Schema(description = "The model's name.", examples = "ohlc-signal-v1") String model,
        @Schema(description = "Why, in words.", examples = "signal short") String rationale,
        @Schema(description = "The inputs the decision was made on, a JSON object.") JsonNode features,
        @Schema(description = "When it was decided, RFC 3339 in UTC.", examples = "2009-06-01T20:00:00Z")
        Instant decidedAt,
        @Schema(description = "When tickvault recorded it, RFC 3339 in UTC.") Instant recordedAt) {

    /** The view of a stored decision. */
    public static DecisionView of(Decision d) {
        return new DecisionView(d.id, d.symbol, d.action, Decimals.plain(d.confidence), Decimals.plain(d.price),
                Decimals.plain(d.quantity), d.strategy, d.model, d.rationale, d.features, d.decidedAt, d.recordedAt);
    }
}
