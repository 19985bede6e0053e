-- Market data: OHLCV bars and the per-series summary that answers /api/v1/symbols without a scan.
CREATE SCHEMA IF NOT EXISTS market_data;

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
);

COMMENT ON TABLE market_data.ohlcv IS 'OHLCV bars; ts is the bar''s open time (UTC). Prices NUMERIC(20,8), volume in units.';

-- One row per (symbol, timeframe), kept in the same transaction as every write to ohlcv.
CREATE TABLE market_data.series (
    symbol     text        NOT NULL,
    timeframe  text        NOT NULL,
    first_ts   timestamptz NOT NULL,
    last_ts    timestamptz NOT NULL,
    bar_count  bigint      NOT NULL,
    CONSTRAINT series_pkey PRIMARY KEY (symbol, timeframe),
    CONSTRAINT series_bar_count_non_negative CHECK (bar_count >= 0),
    CONSTRAINT series_range CHECK (first_ts <= last_ts)
);

COMMENT ON TABLE market_data.series IS 'Per-series summary (first/last bar, count) maintained by the API on every write.';
