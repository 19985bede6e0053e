-- The SQL of GET /api/v1/bars/{symbol}/latest (BarRepository.LATEST_JSON) for the real ^GSPC 1d series.
SELECT symbol, timeframe, ts, open::text, high::text, low::text, close::text, volume, vwap::text, trade_count, source FROM market_data.ohlcv WHERE symbol = '^GSPC' AND timeframe = '1d' ORDER BY ts DESC LIMIT 1;
