-- The SQL of a page of 100 (BarRepository.RANGE_ASC, 101 rows) of a growth series from a random minute
-- (-D symbols=N -D minutes=M -D start=EPOCH).
\set i random(0, :symbols - 1)
\set m random(0, :minutes - 101)
SELECT symbol, timeframe, ts, open::text, high::text, low::text, close::text, volume, vwap::text, trade_count, source FROM market_data.ohlcv WHERE symbol = 'G' || lpad(:i::text, 3, '0') AND timeframe = '1m' AND ts >= to_timestamp(:start + :m * 60) AND ts < 'infinity' ORDER BY ts LIMIT 101;
