package dev.tickvault.journal.trades;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

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
public record TradePerformance(Trade.ExecutionMode executionMode, String strategy, String symbol, Instant from,
        Instant to, String interval, long trades, long wins, long losses, BigDecimal winRate, BigDecimal averageWin,
        BigDecimal averageLoss, BigDecimal profitFactor, BigDecimal grossProfit, BigDecimal grossLoss,
        BigDecimal netPnl, BigDecimal maxDrawdown, List<EquityPoint> equity) {

    /**
     * One interval of the equity curve: its start {@code ts} (UTC), the P&L realised in it, the trades closed and
     * won in it, and at its end the cumulative P&L ({@code equity}) and the drawdown below the peak so far.
     */
    @RegisterForReflection
    public record EquityPoint(Instant ts, BigDecimal pnl, long trades, long wins, BigDecimal equity,
            BigDecimal drawdown) {
    }
}
