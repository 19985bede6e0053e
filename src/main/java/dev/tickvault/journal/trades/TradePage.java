package dev.tickvault.journal.trades;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * A page of trades as {@code GET /api/v1/trades} writes it, for the API description ({@code common.Page} of
 * {@link TradeView}; with {@code withBar} each entry also has {@code "bar"}).
 */
@Schema(description = "A page of trades, by entry time then id.", requiredProperties = {"data", "nextCursor"})
public record TradePage(
        @Schema(description = "The trades; with withBar each also has \"bar\" (a Bar, or null).") List<TradeView> data,
        @Schema(description = "The cursor of the next page; null on the last page.") String nextCursor) {
}
