-- The SQL of GET /api/v1/bars/{symbol}/latest (BarRepository.LATEST_JSON) for a growth series G000 .. (-D symbols=N).
\set i random(0, :symbols - 1)
SELECT symbol, timeframe, ts, open::text, high::text, low::text, close::text, volume, vwap::text, trade_count, source FROM market_data.ohlcv WHERE symbol = 'G' || lpad(:i::text, 3, '0') AND timeframe = '1m' AND ts = (SELECT s.last_ts FROM market_data.series s WHERE s.symbol = 'G' || lpad(:i::text, 3, '0') AND s.timeframe = '1m');
