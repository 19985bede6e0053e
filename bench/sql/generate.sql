-- Generated 1-minute bars for the benchmark: 50 symbols (SYN00 .. SYN49) x 43,200 minutes (the whole of April
-- 2020: the month panel) = 2,160,000 rows, from 2020-04-01T00:00:00Z, every minute (a 24/7 market); the export
-- scenarios read their first 20,000 minutes (1,000,000 bars). Deterministic: setseed() fixes
-- random(), and one serial plan draws the numbers in one order (parallel workers are switched off).
--
-- The shape comes from the real S&P 500 daily bars already loaded as ^GSPC 1d (through the API):
--   * each symbol starts at a real ^GSPC close (every 100th trading day), divided by 10;
--   * minute log returns are normal with the daily standard deviation of ^GSPC scaled by sqrt(390)
--     (390 minutes in a trading session);
--   * each bar's high-low range follows the average daily range of ^GSPC, scaled the same way;
--   * volume averages ^GSPC's daily volume / 390 / 1000, drawn uniformly in [0.5, 1.5) of that.
-- Rows go through the same CHECK constraints as the API's; the series summary is filled as the API
-- would fill it.
\set ON_ERROR_STOP on
SET max_parallel_workers_per_gather = 0;
SET work_mem = '256MB';
SET synchronous_commit = on;

BEGIN;

-- The 1m bars of April 2020 need their monthly partition (DESIGN 8), made as the API makes it.
SELECT * FROM market_data.ensure_ohlcv_partition('1m', timestamptz '2020-04-01 00:00:00+00', 'month');

CREATE TEMP TABLE shape ON COMMIT DROP AS
WITH daily AS (
    SELECT ts, close, high, low, volume,
           ln(close / lag(close) OVER (ORDER BY ts)) AS r
      FROM market_data.ohlcv WHERE symbol = '^GSPC' AND timeframe = '1d')
SELECT stddev(r) / sqrt(390)                   AS minute_vol,
       avg((high - low) / close) / sqrt(390)   AS minute_range,
       avg(volume) / 390 / 1000                AS minute_volume,
       count(*)                                AS days
  FROM daily;

DO $$
BEGIN
    IF (SELECT days FROM shape) < 5000 THEN
        RAISE EXCEPTION 'load the real S&P 500 file as ^GSPC 1d first (found % bars)', (SELECT days FROM shape);
    END IF;
END $$;

CREATE TEMP TABLE starts ON COMMIT DROP AS
SELECT s, (SELECT close FROM market_data.ohlcv WHERE symbol = '^GSPC' AND timeframe = '1d'
            ORDER BY ts OFFSET s * 100 LIMIT 1) / 10 AS price
  FROM generate_series(0, 49) AS s;

SELECT setseed(0.2000);

-- Four uniform draws per bar, drawn in (symbol, minute) order by a materialised serial scan.
CREATE TEMP TABLE draws ON COMMIT DROP AS
SELECT s, m,
       -- Box-Muller: a standard normal from two uniforms (random() is in [0, 1): 1 - random() is > 0)
       sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z,
       random() AS u_high, random() AS u_low, random() AS u_vol
  FROM generate_series(0, 49) AS s, generate_series(0, 43199) AS m
 ORDER BY s, m;

CREATE TEMP TABLE walk ON COMMIT DROP AS
SELECT d.s, d.m, st.price * exp(sum(d.z * sh.minute_vol) OVER w) AS close_raw, st.price AS start_price,
       d.u_high, d.u_low, d.u_vol
  FROM draws d JOIN starts st USING (s) CROSS JOIN shape sh
WINDOW w AS (PARTITION BY d.s ORDER BY d.m);

INSERT INTO market_data.ohlcv (symbol, timeframe, ts, open, high, low, close, volume, vwap, trade_count, source)
SELECT symbol, '1m', ts, open, high, low, close, volume, round((high + low + close) / 3, 8), trade_count, 'bench-gen'
  FROM (
    SELECT 'SYN' || lpad(w.s::text, 2, '0') AS symbol,
           timestamptz '2020-04-01 00:00:00+00' + w.m * interval '1 minute' AS ts,
           round(w.open_raw::numeric, 8) AS open,
           round((greatest(w.open_raw, w.close_raw) * (1 + w.u_high * sh.minute_range))::numeric, 8) AS high,
           round((least(w.open_raw, w.close_raw) * (1 - w.u_low * sh.minute_range))::numeric, 8) AS low,
           round(w.close_raw::numeric, 8) AS close,
           round(sh.minute_volume * (0.5 + w.u_vol))::int8 AS volume,
           (20 + round(w.u_vol * 400))::int8 AS trade_count
      FROM (SELECT walk.*, coalesce(lag(close_raw) OVER (PARTITION BY s ORDER BY m), start_price) AS open_raw
              FROM walk) w
     CROSS JOIN shape sh
  ) bars
 ORDER BY symbol, ts;

INSERT INTO market_data.series (symbol, timeframe, first_ts, last_ts, bar_count)
SELECT symbol, timeframe, min(ts), max(ts), count(*)
  FROM market_data.ohlcv WHERE source = 'bench-gen' GROUP BY symbol, timeframe
ON CONFLICT (symbol, timeframe) DO UPDATE
   SET first_ts = least(market_data.series.first_ts, EXCLUDED.first_ts),
       last_ts = greatest(market_data.series.last_ts, EXCLUDED.last_ts),
       bar_count = (SELECT count(*) FROM market_data.ohlcv o
                     WHERE o.symbol = EXCLUDED.symbol AND o.timeframe = EXCLUDED.timeframe);

COMMIT;

VACUUM (ANALYZE) market_data.ohlcv;
VACUUM (ANALYZE) market_data.series;
