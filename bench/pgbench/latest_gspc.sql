-- The SQL of GET /api/v1/bars/{symbol}/latest (BarRepository.LATEST_JSON, the timeframe a parameter
-- (:tfd, the symbol :gspc, bench/run.sh's PGBENCH_VARS) and pinned beside it as Timeframe.pinned sends it) for the real ^GSPC 1d series.
SELECT symbol, timeframe, ts, open::text, high::text, low::text, close::text, volume, vwap::text, trade_count, source FROM market_data.ohlcv WHERE symbol = :gspc AND timeframe = :tfd AND timeframe = '1d' AND ts = (SELECT s.last_ts FROM market_data.series s WHERE s.symbol = :gspc AND s.timeframe = :tfd AND s.timeframe = '1d');
