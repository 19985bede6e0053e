package dev.tickvault.journal.trades;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tickvault.common.Symbols;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The performance record of the closed trades matching a filter (DESIGN 10), computed in SQL from realised
 * P&L (in the trades' quote currency), counted at each trade's exit.
 *
 * @param trades closed trades counted
 * @param wins trades with a positive P&L; {@code losses} those with a negative one (a trade at 0 is neither)
 * @param winRate {@code wins / trades}, {@code null} without trades
 * @param averageWin mean P&L of the wins, {@code averageLoss} of the losses (a negative number); {@code null}
 *     without any
 * @param profitFactor {@code grossProfit / grossLoss}; {@code null} without losses
 * @param grossProfit sum of the wins; {@code grossLoss} the sum of the losses as a positive number
 * @param netPnl sum of every trade's P&L
 * @param maxDrawdown the largest fall of cumulative P&L below its running peak (which starts at 0), trade by
 *     trade in exit order, as a positive amount
 * @param equity one point per interval with closed trades, oldest first
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@RegisterForReflection
@Schema(description = "The performance record of the closed trades matching a filter, over exits in [from, to), "
        + "from realised P&L in the trades' quote currency (exact decimals).")
public record TradePerformance(
        @Schema(description = "The execution mode filtered on; null for every mode.") Trade.ExecutionMode executionMode,
        @Schema(description = "The strategy (of the trade's decision) filtered on; null for every strategy.")
        String strategy,
        @Schema(description = "The symbol filtered on; null for every symbol.", pattern = Symbols.PATTERN) String symbol,
        @Schema(description = "Start of the range of exits (inclusive), RFC 3339 in UTC; null when open.") Instant from,
        @Schema(description = "End of the range of exits (exclusive), RFC 3339 in UTC; null when open.") Instant to,
        @Schema(description = "The equity curve's interval: 1h, 4h, 1d (the default), 1w or an ISO-8601 duration "
                + "of weeks, days, hours or minutes.", examples = "1d") String interval,
        @Schema(description = "Closed trades counted, rows.", minimum = "0") long trades,
        @Schema(description = "Trades with a positive P&L, rows.", minimum = "0") long wins,
        @Schema(description = "Trades with a negative P&L (a trade at 0 is neither), rows.", minimum = "0")
        long losses,
        @Schema(description = "wins / trades, from 0 to 1; null without trades.", minimum = "0", maximum = "1")
        BigDecimal winRate,
        @Schema(description = "Mean P&L of the wins, an exact decimal; null without wins.") BigDecimal averageWin,
        @Schema(description = "Mean P&L of the losses, a negative exact decimal; null without losses.")
        BigDecimal averageLoss,
        @Schema(description = "grossProfit / grossLoss; null without losses.") BigDecimal profitFactor,
        @Schema(description = "Sum of the wins, an exact decimal.") BigDecimal grossProfit,
        @Schema(description = "Sum of the losses as a positive exact decimal.") BigDecimal grossLoss,
        @Schema(description = "Sum of every trade's P&L, an exact decimal.") BigDecimal netPnl,
        @Schema(description = "The largest fall of cumulative P&L below its running peak (which starts at 0), trade "
                + "by trade in exit order, as a positive exact decimal.") BigDecimal maxDrawdown,
        @Schema(description = "One point per interval with closed trades, oldest first.") List<EquityPoint> equity) {

    /**
     * One interval of the equity curve: its start {@code ts} (UTC), the P&L realised in it, the trades closed and
     * won in it, and at its end the cumulative P&L ({@code equity}) and the drawdown below the peak so far.
     */
    @RegisterForReflection
    @Schema(description = "One interval of the equity curve.")
    public record EquityPoint(
            @Schema(description = "Start of the interval, RFC 3339 in UTC.") Instant ts,
            @Schema(description = "P&L realised in the interval, an exact decimal.") BigDecimal pnl,
            @Schema(description = "Trades closed in the interval, rows.", minimum = "0") long trades,
            @Schema(description = "Trades won in the interval, rows.", minimum = "0") long wins,
            @Schema(description = "Cumulative P&L at the interval's end, an exact decimal.") BigDecimal equity,
            @Schema(description = "Drawdown below the peak so far at the interval's end, a positive exact decimal.")
            BigDecimal drawdown) {
    }
}
