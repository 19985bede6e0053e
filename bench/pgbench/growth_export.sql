-- The rows of the export scenario (BarRepository.STREAM_ASC): the newest 2,000 bars of a growth series (as many as
-- the smallest stage holds, so every size exports the same rows), all fetched by the client (-D symbols=N
-- -D minutes=M -D start=EPOCH).
\set i random(0, :symbols - 1)
SELECT symbol, timeframe, ts, open, high, low, close, volume, vwap, trade_count, source FROM market_data.ohlcv WHERE symbol = 'G' || lpad(:i::text, 3, '0') AND timeframe = '1m' AND ts >= to_timestamp(:start + (:minutes - 2000) * 60) AND ts < 'infinity' ORDER BY ts;
