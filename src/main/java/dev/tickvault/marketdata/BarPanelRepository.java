package dev.tickvault.marketdata;

import dev.tickvault.common.KeysetCursor;
import dev.tickvault.common.Page;
import dev.tickvault.ops.db.Reads;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * SQL of panels (DESIGN 9): the bars of many series of one timeframe in [from, to), ordered by {@code ts} then
 * {@code symbol}, in one statement. Raw bars are one range scan of each partition of the range by its primary key
 * {@code (symbol, timeframe, ts)} with {@code symbol = ANY($1)} in the index condition, so only the symbols asked
 * for are read whatever else the partition holds; adjusted bars are read per symbol ({@code LATERAL}, the shape
 * {@link Adjustment#applyPerSymbol} adjusts, as the newest bars of many symbols are). The rows of all symbols are
 * then sorted by (ts, symbol) once, in PostgreSQL (the primary key orders by symbol first).
 */
@ApplicationScoped
public class BarPanelRepository {

    /** The panel's raw bars as {@link BarRepository#READ_COLUMNS}: $1 symbols, $2 timeframe, [$3, $4) the range. */
    static final String PANEL = "SELECT " + BarRepository.READ_COLUMNS + " FROM market_data.ohlcv"
            + " WHERE symbol = ANY($1::text[]) AND timeframe = $2 AND ts >= $3 AND ts < $4 ORDER BY ts, symbol";

    /** {@link #PANEL} with each symbol's bars read on their own, for {@link Adjustment#applyPerSymbol}. */
    static final String PANEL_PER_SYMBOL = """
            SELECT o.* FROM unnest($1::text[]) AS s(symbol)
            CROSS JOIN LATERAL (
                SELECT %s FROM market_data.ohlcv
                 WHERE symbol = s.symbol AND timeframe = $2 AND ts >= $3 AND ts < $4) o
            ORDER BY o.ts, o.symbol
            """.formatted(BarRepository.READ_COLUMNS);

    /**
     * A page of the panel's raw bars as {@link BarRepository#JSON_COLUMNS}: those after ($5, $6) in (ts, symbol)
     * order, $7 of them at most; the scan starts at $5, the row comparison drops the bars of $5 up to $6.
     */
    static final String PANEL_PAGE = "SELECT " + BarRepository.JSON_COLUMNS + " FROM market_data.ohlcv"
            + " WHERE symbol = ANY($1::text[]) AND timeframe = $2 AND ts >= $3 AND ts < $4 AND ts >= $5"
            + " AND (ts, symbol) > ($5::timestamptz, $6::text) ORDER BY ts, symbol LIMIT $7";

    /** {@link #PANEL_PAGE} with each symbol's bars read on their own, for {@link Adjustment#applyPerSymbol}. */
    static final String PANEL_PAGE_PER_SYMBOL = """
            SELECT o.* FROM unnest($1::text[]) AS s(symbol)
            CROSS JOIN LATERAL (
                SELECT %s FROM market_data.ohlcv
                 WHERE symbol = s.symbol AND timeframe = $2 AND ts >= $3 AND ts < $4 AND ts >= $5) o
            WHERE (o.ts, o.symbol) > ($5::timestamptz, $6::text)
            ORDER BY o.ts, o.symbol
            LIMIT $7
            """.formatted(BarRepository.JSON_COLUMNS);

    private final BarRepository bars;

    public BarPanelRepository(BarRepository bars) {
        this.bars = bars;
    }

    /** Opens a stream of the panel's bars through a cursor, as {@link BarRepository#openStream} does for a series. */
    public Uni<BarStream> openStream(Reads on, List<String> symbols, Timeframe tf, OffsetDateTime from,
            OffsetDateTime to, Adjustment adjustment) {
        Tuple args = Tuple.of(symbols.toArray(String[]::new), tf.code(), from, to);
        return bars.openStream(on, tf.pinned(adjustment == Adjustment.RAW ? PANEL : adjustment.applyPerSymbol(PANEL_PER_SYMBOL)), args);
    }

    /**
     * A page of up to {@code limit} bars of the panel after ({@code afterTs}, {@code afterSymbol}) as the JSON of a
     * {@link BarPage}, its {@code nextCursor} a {@link KeysetCursor.Shape#TIME_TEXT} cursor of the last bar's ts and
     * symbol.
     */
    public Uni<Buffer> page(Reads on, List<String> symbols, Timeframe tf, OffsetDateTime from, OffsetDateTime to,
            OffsetDateTime afterTs, String afterSymbol, int limit, Adjustment adjustment) {
        Tuple args = Tuple.tuple().addValue(symbols.toArray(String[]::new)).addString(tf.code())
                .addOffsetDateTime(from).addOffsetDateTime(to).addOffsetDateTime(afterTs).addString(afterSymbol)
                .addInteger(Page.fetchSize(limit));
        String sql = tf.pinned(adjustment == Adjustment.RAW ? PANEL_PAGE
                : adjustment.applyPerSymbol(PANEL_PAGE_PER_SYMBOL));
        return on.pipelined(client -> client.preparedQuery(sql).execute(args))
                .map(rows -> BarJson.page(rows, limit,
                        last -> KeysetCursor.after(last.getOffsetDateTime(2).toInstant(), last.getString(0), false)));
    }
}
