-- Bars partitioned by timeframe (LIST) and then by time (RANGE), so that a query touches only the
-- partitions of its timeframe and range, and old detail is dropped a partition at a time (DESIGN 8;
-- PostgreSQL manual 5.11, "Table Partitioning"). No DEFAULT partition: it would be scanned by every attach
-- and would hide a missing range. Partitions are made by market_data.ensure_ohlcv_partition, a SECURITY
-- DEFINER function owned by the schema owner, so the runtime role keeps DML rights only.

-- Every leaf partition of market_data.ohlcv: its timeframe, its range [range_from, range_to), its table.
CREATE TABLE market_data.ohlcv_partitions (
    timeframe  text        NOT NULL,
    range_from timestamptz NOT NULL,
    range_to   timestamptz NOT NULL,
    table_name text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ohlcv_partitions_pkey PRIMARY KEY (timeframe, range_from),
    CONSTRAINT ohlcv_partitions_table_unique UNIQUE (table_name),
    CONSTRAINT ohlcv_partitions_range CHECK (range_from < range_to)
);

COMMENT ON TABLE market_data.ohlcv_partitions IS 'The leaf partitions of market_data.ohlcv, kept by market_data.ensure_ohlcv_partition and market_data.drop_ohlcv_partition.';

-- How long each timeframe's bars are kept, as the ISO-8601 duration the client sent ('P2Y'), which
-- PostgreSQL reads as an interval; retention drops the partitions wholly older than now() - keep.
CREATE TABLE market_data.retention_policies (
    timeframe  text        NOT NULL,
    keep       text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT retention_policies_pkey PRIMARY KEY (timeframe),
    CONSTRAINT retention_policies_timeframe_known CHECK (timeframe IN ('1m', '5m', '15m', '30m', '1h', '4h', '1d', '1w')),
    CONSTRAINT retention_policies_keep_iso CHECK (keep ~ '^P[0-9YMWDTHS.]+$' AND CAST(keep AS interval) > interval '0')
);

COMMENT ON TABLE market_data.retention_policies IS 'Retention per timeframe (PUT /api/v1/admin/retention/{timeframe}).';

-- The partitioned table takes the old one's name and constraints; the old one is emptied into it below.
ALTER TABLE market_data.ohlcv RENAME TO ohlcv_unpartitioned;
ALTER TABLE market_data.ohlcv_unpartitioned RENAME CONSTRAINT ohlcv_pkey TO ohlcv_unpartitioned_pkey;
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
              WHERE conrelid = 'market_data.ohlcv_unpartitioned'::regclass AND contype = 'c' LOOP
        EXECUTE format('ALTER TABLE market_data.ohlcv_unpartitioned RENAME CONSTRAINT %I TO %I',
                       c.conname, 'old_' || c.conname);
    END LOOP;
END
$$;

CREATE TABLE market_data.ohlcv (
    symbol      text           NOT NULL,
    timeframe   text           NOT NULL,
    ts          timestamptz    NOT NULL,
    open        numeric(20, 8) NOT NULL,
    high        numeric(20, 8) NOT NULL,
    low         numeric(20, 8) NOT NULL,
    close       numeric(20, 8) NOT NULL,
    volume      bigint         NOT NULL,
    vwap        numeric(20, 8),
    trade_count bigint,
    source      text,
    CONSTRAINT ohlcv_pkey PRIMARY KEY (symbol, timeframe, ts),
    CONSTRAINT ohlcv_symbol_format CHECK (symbol ~ '^[A-Z0-9^][A-Z0-9._:^=-]{0,31}$'),
    CONSTRAINT ohlcv_timeframe_known CHECK (timeframe IN ('1m', '5m', '15m', '30m', '1h', '4h', '1d', '1w')),
    CONSTRAINT ohlcv_prices_positive CHECK (open > 0 AND high > 0 AND low > 0 AND close > 0),
    CONSTRAINT ohlcv_high_is_highest CHECK (high >= open AND high >= close AND high >= low),
    CONSTRAINT ohlcv_low_is_lowest CHECK (low <= open AND low <= close),
    CONSTRAINT ohlcv_volume_non_negative CHECK (volume >= 0),
    CONSTRAINT ohlcv_vwap_positive CHECK (vwap IS NULL OR vwap > 0),
    CONSTRAINT ohlcv_trade_count_non_negative CHECK (trade_count IS NULL OR trade_count >= 0),
    CONSTRAINT ohlcv_source_length CHECK (source IS NULL OR length(source) <= 64)
) PARTITION BY LIST (timeframe);

COMMENT ON TABLE market_data.ohlcv IS 'OHLCV bars; ts is the bar''s open time (UTC). Prices NUMERIC(20,8), volume in units. Partitioned by timeframe, then by ts (market_data.ohlcv_partitions).';

-- One partition per timeframe, itself partitioned by time: ohlcv_1m, ohlcv_5m, ...
DO $$
DECLARE
    tf text;
BEGIN
    FOREACH tf IN ARRAY ARRAY['1m', '5m', '15m', '30m', '1h', '4h', '1d', '1w'] LOOP
        EXECUTE format('CREATE TABLE market_data.%I PARTITION OF market_data.ohlcv FOR VALUES IN (%L) PARTITION BY RANGE (ts)',
                       'ohlcv_' || tf, tf);
    END LOOP;
END
$$;

-- Makes sure a leaf partition holds p_ts for p_timeframe; p_span ('day', 'week', 'month', 'year' or
-- 'decade', UTC) sizes a new one. An existing partition is returned as it is. A new one covers the span
-- holding p_ts, clipped so as not to overlap partitions made earlier with another span. Concurrency-safe:
-- callers of one timeframe queue on a transaction advisory lock, so two instances loading the same month
-- both succeed and make it once. The table is created detached and then attached, which takes SHARE UPDATE
-- EXCLUSIVE on the parent (reads and writes go on) where CREATE TABLE ... PARTITION OF would take ACCESS
-- EXCLUSIVE (manual: ALTER TABLE, ATTACH PARTITION). Takes no SQL from its caller: names are built here.
CREATE FUNCTION market_data.ensure_ohlcv_partition(p_timeframe text, p_ts timestamptz, p_span text)
    RETURNS TABLE (table_name text, range_from timestamptz, range_to timestamptz, created boolean)
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_from      timestamptz;
    v_to        timestamptz;
    v_bound     timestamptz;
    v_name      text;
BEGIN
    IF p_timeframe IS NULL OR p_timeframe NOT IN ('1m', '5m', '15m', '30m', '1h', '4h', '1d', '1w') THEN
        RAISE EXCEPTION 'unknown timeframe %', p_timeframe USING ERRCODE = '22023';
    END IF;
    IF p_span IS NULL OR p_span NOT IN ('day', 'week', 'month', 'year', 'decade') THEN
        RAISE EXCEPTION 'unknown partition span %', p_span USING ERRCODE = '22023';
    END IF;
    IF p_ts IS NULL OR NOT isfinite(p_ts) THEN
        RAISE EXCEPTION 'a partition needs a finite time' USING ERRCODE = '22023';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('market_data.ohlcv/' || p_timeframe));
    RETURN QUERY SELECT p.table_name, p.range_from, p.range_to, false
                   FROM market_data.ohlcv_partitions p
                  WHERE p.timeframe = p_timeframe AND p.range_from <= p_ts AND p_ts < p.range_to;
    IF FOUND THEN
        RETURN;
    END IF;
    -- In UTC, without the session's time zone: timestamp (not timestamptz) arithmetic.
    v_from := date_trunc(p_span, p_ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    v_to := date_trunc(p_span, (p_ts AT TIME ZONE 'UTC') + ('1 ' || p_span)::interval) AT TIME ZONE 'UTC';
    SELECT max(p.range_to) INTO v_bound FROM market_data.ohlcv_partitions p
     WHERE p.timeframe = p_timeframe AND p.range_to <= p_ts;
    IF v_bound IS NOT NULL AND v_bound > v_from THEN
        v_from := v_bound;
    END IF;
    SELECT min(p.range_from) INTO v_bound FROM market_data.ohlcv_partitions p
     WHERE p.timeframe = p_timeframe AND p.range_from > p_ts;
    IF v_bound IS NOT NULL AND v_bound < v_to THEN
        v_to := v_bound;
    END IF;
    v_name := 'ohlcv_' || p_timeframe || '_' || to_char(v_from AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MISS');
    EXECUTE format('CREATE TABLE market_data.%I (LIKE market_data.%I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
                   v_name, 'ohlcv_' || p_timeframe);
    EXECUTE format('ALTER TABLE market_data.%I ADD CONSTRAINT %I PRIMARY KEY (symbol, timeframe, ts)',
                   v_name, v_name || '_pkey');
    EXECUTE format('ALTER TABLE market_data.%I ATTACH PARTITION market_data.%I FOR VALUES FROM (%L) TO (%L)',
                   'ohlcv_' || p_timeframe, v_name, v_from, v_to);
    INSERT INTO market_data.ohlcv_partitions (timeframe, range_from, range_to, table_name)
    VALUES (p_timeframe, v_from, v_to, v_name);
    RETURN QUERY SELECT v_name, v_from, v_to, true;
END
$$;

COMMENT ON FUNCTION market_data.ensure_ohlcv_partition(text, timestamptz, text) IS 'Makes (or finds) the leaf partition of market_data.ohlcv holding a time; the only way the runtime role changes the schema.';

-- Drops one leaf partition, and folds its bars out of the series summary in the same transaction: each
-- series loses the partition's bars from bar_count and takes its first_ts from what remains; a series left
-- without bars leaves the summary. A partition still attached is detached first, waiting at most
-- p_lock_timeout_ms for the parent (DETACH ... CONCURRENTLY cannot run inside a function's transaction);
-- one detached beforehand (by the owner, concurrently) is dropped as it is.
-- Returns the rows dropped.
CREATE FUNCTION market_data.drop_ohlcv_partition(p_table_name text, p_lock_timeout_ms integer)
    RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_part    market_data.ohlcv_partitions%ROWTYPE;
    v_symbols text[];
    v_counts  bigint[];
BEGIN
    SELECT * INTO v_part FROM market_data.ohlcv_partitions p WHERE p.table_name = p_table_name;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('market_data.ohlcv/' || v_part.timeframe));
    IF EXISTS (SELECT 1 FROM pg_inherits i
                WHERE i.inhrelid = format('market_data.%I', v_part.table_name)::regclass) THEN
        PERFORM set_config('lock_timeout', greatest(p_lock_timeout_ms, 1) || 'ms', true);
        EXECUTE format('ALTER TABLE market_data.%I DETACH PARTITION market_data.%I',
                       'ohlcv_' || v_part.timeframe, v_part.table_name);
    END IF;
    EXECUTE format('SELECT array_agg(symbol ORDER BY symbol), array_agg(bars ORDER BY symbol)'
                   ' FROM (SELECT symbol, count(*) AS bars FROM market_data.%I GROUP BY symbol) d', v_part.table_name)
       INTO v_symbols, v_counts;
    EXECUTE format('DROP TABLE market_data.%I', v_part.table_name);
    DELETE FROM market_data.ohlcv_partitions p WHERE p.table_name = v_part.table_name;
    IF v_symbols IS NULL THEN
        RETURN 0;
    END IF;
    -- The partition is gone from market_data.ohlcv: what remains gives each series its first bar.
    UPDATE market_data.series s
       SET bar_count = greatest(s.bar_count - d.bars, 0),
           first_ts = coalesce((SELECT o.ts FROM market_data.ohlcv o
                                 WHERE o.symbol = s.symbol AND o.timeframe = s.timeframe ORDER BY o.ts LIMIT 1),
                               s.first_ts)
      FROM unnest(v_symbols, v_counts) AS d(symbol, bars)
     WHERE s.symbol = d.symbol AND s.timeframe = v_part.timeframe;
    DELETE FROM market_data.series s
     WHERE s.timeframe = v_part.timeframe AND s.symbol = ANY (v_symbols)
       AND NOT EXISTS (SELECT 1 FROM market_data.ohlcv o WHERE o.symbol = s.symbol AND o.timeframe = s.timeframe);
    RETURN (SELECT sum(c) FROM unnest(v_counts) AS c);
END
$$;

COMMENT ON FUNCTION market_data.drop_ohlcv_partition(text, integer) IS 'Drops one leaf partition of market_data.ohlcv (retention) and folds its bars out of market_data.series.';

REVOKE ALL ON FUNCTION market_data.ensure_ohlcv_partition(text, timestamptz, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION market_data.drop_ohlcv_partition(text, integer) FROM PUBLIC;

-- The bars of the earlier, unpartitioned table move in, every one of them, into partitions sized as the
-- application's defaults size them (monthly to 30m, yearly for 1h and 4h, a decade for 1d and 1w).
DO $$
DECLARE
    b record;
BEGIN
    FOR b IN SELECT DISTINCT o.timeframe,
                    date_trunc(CASE WHEN o.timeframe IN ('1m', '5m', '15m', '30m') THEN 'month'
                                    WHEN o.timeframe IN ('1h', '4h') THEN 'year' ELSE 'decade' END, o.ts, 'UTC') AS start,
                    CASE WHEN o.timeframe IN ('1m', '5m', '15m', '30m') THEN 'month'
                         WHEN o.timeframe IN ('1h', '4h') THEN 'year' ELSE 'decade' END AS span
               FROM market_data.ohlcv_unpartitioned o LOOP
        PERFORM market_data.ensure_ohlcv_partition(b.timeframe, b.start, b.span);
    END LOOP;
END
$$;

INSERT INTO market_data.ohlcv SELECT * FROM market_data.ohlcv_unpartitioned;
DROP TABLE market_data.ohlcv_unpartitioned;
