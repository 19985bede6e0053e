package dev.tickvault.journal.trades;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tickvault.common.Decimals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A trade on the wire. {@code realisedPnl} is computed by tickvault from side, quantity, entry and exit
 * ({@link Trade#realisedPnl()}), present once the trade is closed; {@code version} is the value of its ETag.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TradeView(UUID id, String symbol, Trade.Side side, BigDecimal quantity, BigDecimal entryPrice,
        Instant entryTime, Trade.ExecutionMode executionMode, String broker, String brokerOrderId, UUID decisionId,
        Trade.Status status, BigDecimal exitPrice, Instant exitTime, BigDecimal realisedPnl, long version,
        Instant createdAt, Instant updatedAt) {

    /** The view of a stored trade. */
    public static TradeView of(Trade t) {
        return new TradeView(t.id, t.symbol, t.side, Decimals.plain(t.quantity), Decimals.plain(t.entryPrice),
                t.entryTime, t.executionMode, t.broker, t.brokerOrderId, t.decisionId, t.status,
                Decimals.plain(t.exitPrice), t.exitTime, Decimals.plain(t.realisedPnl()), t.version, t.createdAt,
                t.updatedAt);
    }
}
