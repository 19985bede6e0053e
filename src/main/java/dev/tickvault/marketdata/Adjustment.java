package dev.tickvault.marketdata;

import dev.tickvault.common.Problems;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code adjustment} of a bar read (DESIGN 9): {@code raw} (the default, the bars as stored), {@code split}
 * (prices before each split's ex-date divided by its ratio, volume multiplied by it) or {@code all} (splits and
 * cash dividends: prices before each dividend's ex-date also multiplied by {@code 1 - amount / close}, the
 * close being the series' last bar before the ex-date), as the CRSP and Yahoo Finance adjustments do. The
 * cumulative factors come from {@code ref.corporate_actions} through {@code ref.adjustment_factors}, in SQL;
 * prices are rounded half-up to 8 decimals, volume to a whole number; {@code tradeCount}, {@code source} and a
 * vendor's {@code adjClose} are left as stored.
 *
 * <p>The adjustment is applied to the read statements as they are: {@link #apply} puts the adjusted bars of the
 * series in place of {@code market_data.ohlcv}, with the same columns, so every filter, order and limit of
 * the statement reads them unchanged. For {@link #RAW} the statement is returned as it is.
 */
public enum Adjustment {
    RAW, SPLIT, ALL;

    /** A read of {@code market_data.ohlcv} with an optional alias, up to its WHERE. */
    private static final Pattern SOURCE = Pattern.compile("FROM market_data\\.ohlcv(?: (\\w+))?(?=\\s+WHERE)");

    /**
     * The adjusted bars of one series ({@code %1$s} its symbol, {@code %2$s} its timeframe, as SQL expressions;
     * {@code %3$s} whether dividends count), with the columns of {@code market_data.ohlcv}. A bar opening in
     * [since, until) of a factor range is adjusted by it; bars on or after the last ex-date by nothing.
     */
    private static final String ADJUSTED = """
            (SELECT b.symbol, b.timeframe, b.ts,
                    round(b.open * coalesce(x.dividend_factor, 1) / coalesce(x.split_divisor, 1), 8) AS open,
                    round(b.high * coalesce(x.dividend_factor, 1) / coalesce(x.split_divisor, 1), 8) AS high,
                    round(b.low * coalesce(x.dividend_factor, 1) / coalesce(x.split_divisor, 1), 8) AS low,
                    round(b.close * coalesce(x.dividend_factor, 1) / coalesce(x.split_divisor, 1), 8) AS close,
                    round(b.volume * coalesce(x.split_divisor, 1))::int8 AS volume,
                    round(b.vwap * coalesce(x.dividend_factor, 1) / coalesce(x.split_divisor, 1), 8) AS vwap,
                    b.trade_count, b.source, b.adj_close
               FROM market_data.ohlcv b
               LEFT JOIN ref.adjustment_factors(%1$s, %2$s, %3$s) x ON b.ts >= x.since AND b.ts < x.until
              WHERE b.symbol = %1$s AND b.timeframe = %2$s)""";

    private final Map<String, String> statements = new ConcurrentHashMap<>();

    /**
     * Parses the {@code adjustment} query parameter: {@code raw} (default), {@code split} or {@code all}.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 400 for another value
     */
    public static Adjustment fromQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return RAW;
        }
        return switch (raw) {
            case "raw" -> RAW;
            case "split" -> SPLIT;
            case "all" -> ALL;
            default -> throw Problems.badRequest("Query parameter 'adjustment' must be raw, split or all");
        };
    }

    /** The wire name: {@code raw}, {@code split}, {@code all}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A read statement of one series (its symbol {@code $1}, its timeframe {@code $2}) reading the adjusted bars;
     * built once per statement.
     */
    public String apply(String statement) {
        return rewrite(statement, "$1", "$2");
    }

    /**
     * A read statement of many series, joined laterally to {@code unnest(...) AS s(symbol, ...)}, reading each
     * symbol's adjusted bars ({@code s.symbol}, timeframe {@code $2}).
     */
    public String applyPerSymbol(String statement) {
        return rewrite(statement, "s.symbol", "$2");
    }

    private String rewrite(String statement, String symbol, String timeframe) {
        if (this == RAW) {
            return statement;
        }
        return statements.computeIfAbsent(symbol + ' ' + statement, key -> {
            Matcher m = SOURCE.matcher(statement);
            if (!m.find()) {
                throw new IllegalArgumentException("The statement reads no market_data.ohlcv to adjust");
            }
            String alias = m.group(1) == null ? "ohlcv" : m.group(1);
            String source = "FROM " + ADJUSTED.formatted(symbol, timeframe, this == ALL) + " AS " + alias;
            return statement.substring(0, m.start()) + source + statement.substring(m.end());
        });
    }
}
