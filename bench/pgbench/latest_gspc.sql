-- The SQL of GET /api/v1/bars/{symbol}/latest (BarRepository.LATEST_JSON) for the real ^GSPC 1d series.
SELECT symbol, timeframe, ts, open::text, high::text, low::text, close::text, volume, vwap::text, trade_count, source FROM market_data.ohlcv WHERE symbol = '^GSPC' AND timeframe = '1d' AND ts = (SELECT s.last_ts FROM market_data.series s WHERE s.symbol = '^GSPC' AND s.timeframe = '1d');
