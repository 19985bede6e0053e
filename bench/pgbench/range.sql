-- The SQL of GET /api/v1/bars/{symbol}?from=...&limit=100 (BarRepository.RANGE_ASC, with the timeframe pinned as
-- Timeframe.pinned sends it): 101 rows, one more than the page to know whether a next page exists, up to infinity
-- (OffsetDateTime.MAX) when 'to' is absent. The timeframe, 'to' and the limit are parameters (:tf, :to, :lim from
-- bench/run.sh's PGBENCH_VARS), as the service sends them, so PostgreSQL plans both sides alike.
\set i random(0, 49)
\set m random(0, 19899)
SELECT symbol, timeframe, ts, open::text, high::text, low::text, close::text, volume, vwap::text, trade_count, source FROM market_data.ohlcv WHERE symbol = 'SYN' || lpad(:i::text, 2, '0') AND timeframe = :tf AND timeframe = '1m' AND ts >= timestamptz '2020-04-01 00:00:00+00' + :m * interval '1 minute' AND ts < :to ORDER BY ts LIMIT :lim;
