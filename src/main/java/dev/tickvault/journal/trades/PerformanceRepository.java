package dev.tickvault.journal.trades;

import dev.tickvault.common.Decimals;
import dev.tickvault.ops.db.Reads;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The performance record (DESIGN 10) in one SQL statement through the reactive pool of the server a
 * {@link Reads} names (a read replica or the primary): the closed trades' realised P&L, the running equity and
 * drawdown trade by trade (exit time, then id), the summary figures, and the equity curve per interval
 * ({@code date_bin}, origin Monday 2000-01-03 UTC, as resample).
 */
@ApplicationScoped
public class PerformanceRepository {

    /**
     * Filters (each optional): $1 execution mode, $2 strategy (of the trade's decision), $3 symbol, exits in
     * [$4, $5); $6 the interval in seconds, $7 the most curve rows read. The summary is one row, joined to every
     * curve row, or alone (curve columns null) when no trade matched.
     */
    private static final String PERFORMANCE = """
            WITH closed AS (
                SELECT t.id, t.exit_time,
                       CASE t.side WHEN 'BUY' THEN (t.exit_price - t.entry_price) * t.quantity
                                   ELSE (t.entry_price - t.exit_price) * t.quantity END AS pnl
                  FROM journal.trades t
                  LEFT JOIN journal.decisions d ON d.id = t.decision_id
                 WHERE t.status = 'CLOSED'
                   AND ($1::text IS NULL OR t.execution_mode = $1)
                   AND ($2::text IS NULL OR d.strategy = $2)
                   AND ($3::text IS NULL OR t.symbol = $3)
                   AND t.exit_time >= coalesce($4::timestamptz, '-infinity')
                   AND t.exit_time < coalesce($5::timestamptz, 'infinity')
            ), running AS (
                SELECT id, exit_time, pnl, sum(pnl) OVER (ORDER BY exit_time, id) AS equity FROM closed
            ), marked AS (
                SELECT id, exit_time, pnl, equity,
                       greatest(max(equity) OVER (ORDER BY exit_time, id), 0) - equity AS drawdown
                  FROM running
            ), summary AS (
                SELECT count(*) AS trades,
                       count(*) FILTER (WHERE pnl > 0) AS wins,
                       count(*) FILTER (WHERE pnl < 0) AS losses,
                       round(count(*) FILTER (WHERE pnl > 0)::numeric / nullif(count(*), 0), 8) AS win_rate,
                       round(avg(pnl) FILTER (WHERE pnl > 0), 8) AS average_win,
                       round(avg(pnl) FILTER (WHERE pnl < 0), 8) AS average_loss,
                       coalesce(sum(pnl) FILTER (WHERE pnl > 0), 0) AS gross_profit,
                       coalesce(-sum(pnl) FILTER (WHERE pnl < 0), 0) AS gross_loss,
                       coalesce(sum(pnl), 0) AS net_pnl,
                       coalesce(max(drawdown), 0) AS max_drawdown
                  FROM marked
            ), curve AS (
                SELECT date_bin(make_interval(secs => $6), exit_time, TIMESTAMPTZ '2000-01-03 00:00:00+00') AS ts,
                       sum(pnl) AS pnl, count(*) AS trades, count(*) FILTER (WHERE pnl > 0) AS wins,
                       (array_agg(equity ORDER BY exit_time DESC, id DESC))[1] AS equity,
                       (array_agg(drawdown ORDER BY exit_time DESC, id DESC))[1] AS drawdown
                  FROM marked GROUP BY 1
            )
            SELECT s.*, round(s.gross_profit / nullif(s.gross_loss, 0), 8) AS profit_factor,
                   c.ts, c.pnl, c.trades AS interval_trades, c.wins AS interval_wins, c.equity, c.drawdown
              FROM summary s LEFT JOIN curve c ON true
             ORDER BY c.ts
             LIMIT $7
            """;

    /**
     * The record of the matching closed trades, with at most {@code maxPoints + 1} curve points (one more than
     * allowed tells the caller the answer would be too long), computed on the server {@code on} names (a read
     * replica or the primary).
     */
    public Uni<TradePerformance> performance(Reads on, Trade.ExecutionMode mode, String strategy, String symbol, Instant from,
            Instant to, PerformanceInterval interval, int maxPoints) {
        Tuple args = Tuple.tuple().addString(mode == null ? null : mode.name()).addString(strategy).addString(symbol)
                .addOffsetDateTime(utc(from)).addOffsetDateTime(utc(to)).addDouble((double) interval.seconds())
                .addInteger(maxPoints + 1);
        return on.pool(server -> server.preparedQuery(PERFORMANCE).execute(args)).map(rows -> {
            List<TradePerformance.EquityPoint> curve = new ArrayList<>(rows.size());
            Row summary = null;
            for (Row row : rows) {
                summary = summary == null ? row : summary;
                if (row.getOffsetDateTime("ts") != null) {
                    curve.add(new TradePerformance.EquityPoint(row.getOffsetDateTime("ts").toInstant(),
                            plain(row, "pnl"), row.getLong("interval_trades"), row.getLong("interval_wins"),
                            plain(row, "equity"), plain(row, "drawdown")));
                }
            }
            Row s = summary;
            return new TradePerformance(mode, strategy, symbol, from, to, interval.label(), s.getLong("trades"),
                    s.getLong("wins"), s.getLong("losses"), plain(s, "win_rate"), plain(s, "average_win"),
                    plain(s, "average_loss"), plain(s, "profit_factor"), plain(s, "gross_profit"),
                    plain(s, "gross_loss"), plain(s, "net_pnl"), plain(s, "max_drawdown"), curve);
        });
    }

    private static BigDecimal plain(Row row, String column) {
        return Decimals.plain(row.getBigDecimal(column));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
