-- Corporate actions and adjusted prices (DESIGN 9): splits (ratio: new shares per old share, 2 for a
-- 2-for-1 split, 0.1 for a 1-for-10 reverse split) and cash dividends (amount per share) per symbol and
-- ex-date. Bars before an ex-date are read adjusted by the cumulative factor of every later action, as the
-- CRSP and Yahoo Finance adjustments do: a split divides prices by its ratio and multiplies volume by it, a
-- dividend multiplies prices by 1 - amount / the last close before the ex-date.
CREATE TABLE ref.corporate_actions (
    id          uuid           NOT NULL,
    symbol      text           NOT NULL,
    ex_date     date           NOT NULL,
    action_type text           NOT NULL,
    ratio       numeric(20, 8),
    amount      numeric(20, 8),
    note        text,
    recorded_at timestamptz    NOT NULL DEFAULT now(),
    updated_at  timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT corporate_actions_pkey PRIMARY KEY (id),
    CONSTRAINT corporate_actions_key UNIQUE (symbol, ex_date, action_type),
    CONSTRAINT corporate_actions_symbol_format CHECK (symbol ~ '^[A-Z0-9^][A-Z0-9._:^=-]{0,31}$'),
    CONSTRAINT corporate_actions_type_known CHECK (action_type IN ('split', 'dividend')),
    CONSTRAINT corporate_actions_split_ratio CHECK (
        action_type <> 'split' OR (ratio > 0 AND ratio <> 1 AND amount IS NULL)),
    CONSTRAINT corporate_actions_dividend_amount CHECK (
        action_type <> 'dividend' OR (amount > 0 AND ratio IS NULL)),
    CONSTRAINT corporate_actions_note_length CHECK (note IS NULL OR length(note) <= 500)
);

COMMENT ON TABLE ref.corporate_actions IS 'Splits (ratio) and cash dividends (amount) per symbol and ex-date; bar reads adjust by them.';

-- A product of factors kept to 20 decimals (the exact product of many rounded quotients would grow 20
-- digits a factor): far finer than the 8 decimals adjusted prices are rounded to.
CREATE FUNCTION ref.multiply_20(numeric, numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT round($1 * $2, 20)';

CREATE AGGREGATE ref.product_20(numeric) (SFUNC = ref.multiply_20, STYPE = numeric, INITCOND = '1');

-- The adjustment of one series: the ranges [since, until) of bar open times that share a cumulative factor,
-- until being an ex-date (midnight UTC) and since the ex-date before it. split_divisor is the product of the
-- ratios of the splits on or after until; dividend_factor, with p_dividends, the product of
-- 1 - amount / close over the dividends on or after until, close being the series' last bar before the
-- ex-date (a dividend without such a close, or not below it, cannot be applied and counts as 1). Bars on or
-- after the last ex-date have no range: factor 1.
CREATE FUNCTION ref.adjustment_factors(p_symbol text, p_timeframe text, p_dividends boolean)
    RETURNS TABLE (since timestamptz, until timestamptz, split_divisor numeric, dividend_factor numeric)
    -- PL/pgSQL, not SQL: a SQL function would be inlined into the bar read and, as the inner side of its
    -- range join, computed again for every bar; a function scan computes it once and reads it back.
    LANGUAGE plpgsql STABLE PARALLEL SAFE ROWS 20 AS
$$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH actions AS (
        SELECT c.ex_date,
               CASE WHEN c.action_type = 'split' THEN c.ratio ELSE 1 END AS divisor,
               CASE WHEN c.action_type = 'split' THEN 1
                    WHEN previous.close > c.amount THEN round(1 - c.amount / previous.close::numeric(40, 20), 20)
                    ELSE 1 END AS factor
          FROM ref.corporate_actions c
          -- The action type inside the subquery gates it: a split reads no bar.
          LEFT JOIN LATERAL (
              SELECT o.close FROM market_data.ohlcv o
               WHERE c.action_type = 'dividend' AND o.symbol = c.symbol AND o.timeframe = p_timeframe
                 AND o.ts < (c.ex_date::timestamp AT TIME ZONE 'UTC')
               ORDER BY o.ts DESC LIMIT 1) previous ON true
         WHERE c.symbol = p_symbol AND (c.action_type = 'split' OR p_dividends)
    ), per_day AS (
        SELECT ex_date, ref.product_20(divisor) AS divisor, ref.product_20(factor) AS factor
          FROM actions GROUP BY ex_date
    )
    SELECT coalesce((lag(ex_date) OVER (ORDER BY ex_date))::timestamp AT TIME ZONE 'UTC', '-infinity'),
           ex_date::timestamp AT TIME ZONE 'UTC',
           ref.product_20(divisor) OVER (ORDER BY ex_date DESC),
           ref.product_20(factor) OVER (ORDER BY ex_date DESC)
      FROM per_day;
END
$$;

-- The adjusted close a vendor computed (a Yahoo Finance CSV's Adj Close), kept as sent. On a partitioned
-- ohlcv the column and the constraint reach every partition.
ALTER TABLE market_data.ohlcv ADD COLUMN adj_close numeric(20, 8);
ALTER TABLE market_data.ohlcv ADD CONSTRAINT ohlcv_adj_close_positive CHECK (adj_close IS NULL OR adj_close > 0);
