-- Rollups (DESIGN 8): continuous aggregates of the bars on plain PostgreSQL. A rollup turns bars of one
-- timeframe (source) into buckets of a wider one, kept incrementally: the bars' write path records the buckets
-- a batch touched in market_data.rollup_dirty, in its own transaction, and the refresh job re-aggregates only
-- those and the buckets past the watermark.
CREATE TABLE market_data.rollups (
    source          text        NOT NULL,
    bucket          text        NOT NULL,
    bucket_seconds  integer     NOT NULL CHECK (bucket_seconds > 0),
    -- Every bucket starting before the watermark is in market_data.rollup_bars, except those listed as dirty;
    -- NULL until the first refresh.
    watermark       timestamptz,
    row_count       bigint      NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_refresh_at timestamptz,
    last_refresh_ms double precision,
    PRIMARY KEY (source, bucket),
    CONSTRAINT rollups_timeframes CHECK (source IN ('1m', '5m', '15m', '30m', '1h', '4h', '1d', '1w')
                                         AND bucket IN ('5m', '15m', '30m', '1h', '4h', '1d', '1w'))
);

-- One row per rollup, symbol and bucket with bars. weighted is sum(coalesce(vwap, (high + low + close) / 3) *
-- volume), unrounded, so that the bucket's vwap is computed exactly as from the bars; first_ts is the open time
-- of the bucket's first bar, which tells a bucket whose bars retention has dropped. Not partitioned and not
-- touched by retention: a rollup keeps its buckets after the bars are gone.
CREATE TABLE market_data.rollup_bars (
    source    text          NOT NULL,
    bucket    text          NOT NULL,
    symbol    text          NOT NULL,
    ts        timestamptz   NOT NULL,
    open      numeric(20,8) NOT NULL,
    high      numeric(20,8) NOT NULL,
    low       numeric(20,8) NOT NULL,
    close     numeric(20,8) NOT NULL,
    volume    bigint        NOT NULL,
    weighted  numeric       NOT NULL,
    bar_count bigint        NOT NULL,
    first_ts  timestamptz   NOT NULL,
    PRIMARY KEY (source, bucket, symbol, ts),
    FOREIGN KEY (source, bucket) REFERENCES market_data.rollups ON DELETE CASCADE
);

-- The buckets written to (bars inserted, changed or deleted) since the refresh job last saw them. Small: a
-- bucket is listed once however many batches touch it, and the job deletes what it re-aggregates.
CREATE TABLE market_data.rollup_dirty (
    source     text        NOT NULL,
    bucket     text        NOT NULL,
    symbol     text        NOT NULL,
    bucket_ts  timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, bucket, symbol, bucket_ts),
    FOREIGN KEY (source, bucket) REFERENCES market_data.rollups ON DELETE CASCADE
);
