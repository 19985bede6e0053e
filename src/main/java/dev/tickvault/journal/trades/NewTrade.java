package dev.tickvault.journal.trades;

import dev.tickvault.common.Faults;
import dev.tickvault.common.FieldReader;
import dev.tickvault.common.Symbols;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A trade as opened (DESIGN 4), after validation: {@code symbol}, {@code side}, {@code quantity} and
 * {@code entryPrice} (> 0) and {@code executionMode} required; {@code entryTime} defaults to now.
 */
@Schema(description = "A trade to open. Example: a short of the VIX at the 2009-06-01 close (30.04).",
        requiredProperties = {"symbol", "side", "quantity", "entryPrice", "executionMode"})
public record NewTrade(
        @Schema(description = "Instrument symbol.", pattern = Symbols.PATTERN, examples = "^VIX") String symbol,
        @Schema(description = "Which way the trade is entered.", examples = "SELL") Trade.Side side,
        @Schema(description = "The quantity, an exact decimal, at most 8 decimal places (NUMERIC(20,8)), above 0.", minimum = "0", exclusiveMinimum = true,
                examples = "100") BigDecimal quantity,
        @Schema(description = "The entry price, an exact decimal, at most 8 decimal places (NUMERIC(20,8)), above 0.", minimum = "0", exclusiveMinimum = true,
                examples = "30.04") BigDecimal entryPrice,
        @Schema(description = "When the trade was entered, RFC 3339 in UTC; the time it is recorded when absent.",
                examples = "2009-06-01T20:00:00Z") Instant entryTime,
        @Schema(description = "Where the trade is executed.", examples = "PAPER") Trade.ExecutionMode executionMode,
        @Schema(description = "The broker's name.", maxLength = 64) String broker,
        @Schema(description = "The broker's order id.", maxLength = 128) String brokerOrderId,
        @Schema(description = "The id of the decision the trade acts on, a UUID.") UUID decisionId) {

    /** Reads a trade, adding a fault for each broken rule; {@code null} when any rule is broken. */
    public static NewTrade read(FieldReader in, Faults faults) {
        int before = faults.total();
        NewTrade trade = new NewTrade(in.symbol("symbol"), in.oneOf("side", Trade.Side.class, true),
                in.positive("quantity", true), in.positive("entryPrice", true), in.timestamp("entryTime", false),
                in.oneOf("executionMode", Trade.ExecutionMode.class, true), in.text("broker", false, 64),
                in.text("brokerOrderId", false, 128), uuid(in, "decisionId"));
        return faults.total() == before ? trade : null;
    }

    static UUID uuid(FieldReader in, String field) {
        String text = in.text(field, false, 36);
        if (text == null) {
            return null;
        }
        try {
            if (text.length() == 36) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the fault below
        }
        in.fault(field, "must be a UUID");
        return null;
    }
}
