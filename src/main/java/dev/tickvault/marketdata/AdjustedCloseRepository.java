package dev.tickvault.marketdata;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the vendor's adjusted close of a batch ({@code adjClose}, a Yahoo Finance CSV's {@code Adj Close}) in
 * {@code market_data.ohlcv.adj_close}: one set-based UPDATE in the transaction of the batch's upsert, after it,
 * so the bars exist. A bar the upsert left unchanged but whose adjusted close this statement changes was
 * updated after all: the statement counts those, knowing the upsert's rows by their {@code xmin} (the
 * transaction that wrote them, PostgreSQL system columns, chapter 5.6). {@code target} and {@code changed} read
 * the same snapshot with the same condition, so they hold the same rows; the UPDATE runs whether or not the
 * final SELECT reads it (PostgreSQL 7.8.4, data-modifying statements in WITH).
 */
@ApplicationScoped
public class AdjustedCloseRepository {

    private static final String WRITE = """
            WITH input AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::numeric[])
                    AS t(symbol, timeframe, ts, adj_close)
            ), target AS (
                SELECT o.xmin = pg_current_xact_id()::xid AS written
                  FROM market_data.ohlcv o JOIN input i USING (symbol, timeframe, ts)
                 WHERE o.adj_close IS DISTINCT FROM i.adj_close
            ), changed AS (
                UPDATE market_data.ohlcv o SET adj_close = i.adj_close
                  FROM input i
                 WHERE o.symbol = i.symbol AND o.timeframe = i.timeframe AND o.ts = i.ts
                   AND o.adj_close IS DISTINCT FROM i.adj_close
                RETURNING 1
            )
            SELECT count(*) FILTER (WHERE NOT written) AS only_adj_close FROM target
            """;

    /** Whether any bar of the batch carries an adjusted close. */
    public static boolean any(List<Bar> bars) {
        for (Bar bar : bars) {
            if (bar.adjClose() != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stores the adjusted close of each bar that has one, in the caller's transaction, after the upsert.
     *
     * @return how many bars only this statement changed (the upsert counted them unchanged)
     */
    public Uni<Integer> write(SqlConnection tx, List<Bar> bars) {
        List<String> symbols = new ArrayList<>();
        List<String> timeframes = new ArrayList<>();
        List<OffsetDateTime> ts = new ArrayList<>();
        List<Numeric> adjClose = new ArrayList<>();
        for (Bar bar : bars) {
            if (bar.adjClose() != null) {
                symbols.add(bar.symbol());
                timeframes.add(bar.timeframe());
                ts.add(bar.ts().atOffset(ZoneOffset.UTC));
                adjClose.add(Numeric.create(bar.adjClose()));
            }
        }
        return tx.preparedQuery(WRITE).execute(Tuple.of(symbols.toArray(String[]::new),
                        timeframes.toArray(String[]::new), ts.toArray(OffsetDateTime[]::new),
                        adjClose.toArray(Numeric[]::new)))
                .map(rows -> rows.iterator().next().getLong("only_adj_close").intValue());
    }
}
