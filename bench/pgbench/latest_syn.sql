-- The SQL of GET /api/v1/bars/{symbol}/latest (BarRepository.LATEST_JSON, the timeframe a parameter
-- (:tf, bench/run.sh's PGBENCH_VARS) and pinned beside it as Timeframe.pinned sends it) for a generated 1m series.
-- Run with latest_gspc.sql at weights 50:1, as the wrk script picks among 50 + 1 symbols.
\set i random(0, 49)
SELECT symbol, timeframe, ts, open::text, high::text, low::text, close::text, volume, vwap::text, trade_count, source FROM market_data.ohlcv WHERE symbol = 'SYN' || lpad(:i::text, 2, '0') AND timeframe = :tf AND timeframe = '1m' AND ts = (SELECT s.last_ts FROM market_data.series s WHERE s.symbol = 'SYN' || lpad(:i::text, 2, '0') AND s.timeframe = :tf AND s.timeframe = '1m');
