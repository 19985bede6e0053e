package dev.tickvault.journal.trades;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tickvault.common.Decimals;
import dev.tickvault.common.Symbols;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A trade on the wire. {@code realisedPnl} is computed by tickvault from side, quantity, entry and exit
 * ({@link Trade#realisedPnl()}), present once the trade is closed; {@code version} is the value of its ETag.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A recorded trade. Absent optional fields are left out.",
        requiredProperties = {"id", "symbol", "side", "quantity", "entryPrice", "entryTime", "executionMode",
                "status", "version", "createdAt", "updatedAt"})
public record TradeView(
        @Schema(description = "The trade's id.") UUID id,
        @Schema(description = "Instrument symbol, upper-cased.", pattern = Symbols.PATTERN, examples = "^VIX") String symbol,
        @Schema(description = "Which way the trade was entered.", examples = "SELL") Trade.Side side,
        @Schema(description = "The quantity, an exact decimal, at most 8 decimal places (NUMERIC(20,8)).", examples = "100") BigDecimal quantity,
        @Schema(description = "The entry price, an exact decimal, at most 8 decimal places (NUMERIC(20,8)).", examples = "30.04") BigDecimal entryPrice,
        @Schema(description = "When the trade was entered, RFC 3339 in UTC.", examples = "2009-06-01T20:00:00Z")
        Instant entryTime,
        @Schema(description = "Where the trade was executed.", examples = "PAPER") Trade.ExecutionMode executionMode,
        @Schema(description = "The broker's name.") String broker,
        @Schema(description = "The broker's order id.") String brokerOrderId,
        @Schema(description = "The id of the decision the trade acts on.") UUID decisionId,
        @Schema(description = "Its life cycle: OPEN, then CLOSED or CANCELLED (both final).", examples = "CLOSED")
        Trade.Status status,
        @Schema(description = "The exit price, an exact decimal, at most 8 decimal places (NUMERIC(20,8)); present once closed.", examples = "29.63") BigDecimal exitPrice,
        @Schema(description = "When the trade was closed, RFC 3339 in UTC; present once closed.",
                examples = "2009-06-02T20:00:00Z") Instant exitTime,
        @Schema(description = "Realised profit or loss in the quote currency, an exact decimal: (exit - entry) * "
                + "quantity for a BUY, (entry - exit) * quantity for a SELL; present once closed.", examples = "41")
        BigDecimal realisedPnl,
        @Schema(description = "The trade's version, the value of its ETag; sent back in If-Match.", minimum = "0")
        long version,
        @Schema(description = "When tickvault recorded the trade, RFC 3339 in UTC.") Instant createdAt,
        @Schema(description = "When the trade last changed, RFC 3339 in UTC.") Instant updatedAt) {

    /** The view of a stored trade. */
    public static TradeView of(Trade t) {
        return new TradeView(t.id, t.symbol, t.side, Decimals.plain(t.quantity), Decimals.plain(t.entryPrice),
                t.entryTime, t.executionMode, t.broker, t.brokerOrderId, t.decisionId, t.status,
                Decimals.plain(t.exitPrice), t.exitTime, Decimals.plain(t.realisedPnl()), t.version, t.createdAt,
                t.updatedAt);
    }
}
