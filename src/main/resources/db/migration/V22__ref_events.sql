-- The event calendar (DESIGN 10): economic releases, earnings, market closures and the like. actual is
-- recorded by PATCH once released; version backs the ETag / If-Match of that change.
CREATE TABLE ref.events (
    id         uuid           NOT NULL,
    event_type text           NOT NULL,
    event_at   timestamptz    NOT NULL,
    name       text           NOT NULL,
    impact     smallint       NOT NULL,
    symbol     text,
    currency   text,
    country    text,
    actual     numeric(20, 8),
    forecast   numeric(20, 8),
    previous   numeric(20, 8),
    source     text           NOT NULL,
    version    bigint         NOT NULL DEFAULT 0,
    created_at timestamptz    NOT NULL DEFAULT now(),
    updated_at timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT events_pkey PRIMARY KEY (id),
    CONSTRAINT events_type_format CHECK (event_type ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
    CONSTRAINT events_name_length CHECK (length(name) BETWEEN 1 AND 500),
    CONSTRAINT events_impact_range CHECK (impact BETWEEN 1 AND 4),
    CONSTRAINT events_symbol_format CHECK (symbol IS NULL OR symbol ~ '^[A-Z0-9^][A-Z0-9._:^=-]{0,31}$'),
    CONSTRAINT events_currency_format CHECK (currency IS NULL OR currency ~ '^[A-Z]{3}$'),
    CONSTRAINT events_country_format CHECK (country IS NULL OR country ~ '^[A-Z]{2}$'),
    CONSTRAINT events_source_length CHECK (length(source) BETWEEN 1 AND 200),
    CONSTRAINT events_version_non_negative CHECK (version >= 0)
);

COMMENT ON TABLE ref.events IS 'Calendar events; one per (type, time, name, symbol, country); actual recorded once released.';

-- The same event posted twice (a calendar feed loaded again) is a conflict, not a second row.
CREATE UNIQUE INDEX events_natural_key ON ref.events (event_type, event_at, name, coalesce(symbol, ''), coalesce(country, ''));
CREATE INDEX events_at_idx ON ref.events (event_at, id);
CREATE INDEX events_symbol_idx ON ref.events (symbol, event_at, id) WHERE symbol IS NOT NULL;
