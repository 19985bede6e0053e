-- Reference data (DESIGN 10): economic series with vintages, point in time as ALFRED keeps FRED's. An
-- observation is keyed by series, date and vintage (the date the value was published); a later vintage
-- of the same date is a revision, stored beside the earlier one: nothing is ever overwritten.
CREATE SCHEMA IF NOT EXISTS ref;

CREATE TABLE ref.economic_series (
    series_id  text        NOT NULL,
    title      text        NOT NULL,
    units      text        NOT NULL,
    frequency  text        NOT NULL,
    source     text        NOT NULL,
    notes      text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT economic_series_pkey PRIMARY KEY (series_id),
    CONSTRAINT economic_series_id_format CHECK (series_id ~ '^[A-Z0-9][A-Z0-9._:-]{0,63}$'),
    CONSTRAINT economic_series_title_length CHECK (length(title) BETWEEN 1 AND 500),
    CONSTRAINT economic_series_units_length CHECK (length(units) BETWEEN 1 AND 200),
    CONSTRAINT economic_series_frequency_known CHECK (frequency IN ('DAILY', 'WEEKLY', 'BIWEEKLY', 'MONTHLY',
                                                                     'QUARTERLY', 'SEMIANNUAL', 'ANNUAL')),
    CONSTRAINT economic_series_source_length CHECK (length(source) BETWEEN 1 AND 200),
    CONSTRAINT economic_series_notes_length CHECK (notes IS NULL OR length(notes) <= 10000)
);

COMMENT ON TABLE ref.economic_series IS 'Economic series metadata (FRED-like): title, units, frequency, source.';

-- Keyset pages of GET /api/v1/economic: by created_at then series_id.
CREATE INDEX economic_series_created_idx ON ref.economic_series (created_at, series_id);

CREATE TABLE ref.economic_observations (
    series_id   text           NOT NULL,
    obs_date    date           NOT NULL,
    vintage     date           NOT NULL,
    value       numeric(20, 8) NOT NULL,
    preliminary boolean        NOT NULL DEFAULT false,
    recorded_at timestamptz    NOT NULL DEFAULT now(),
    -- The read path (each date's newest vintage on or before asOf) walks this index in (date, vintage) order.
    CONSTRAINT economic_observations_pkey PRIMARY KEY (series_id, obs_date, vintage),
    CONSTRAINT economic_observations_series_fkey FOREIGN KEY (series_id)
        REFERENCES ref.economic_series (series_id) ON DELETE CASCADE
);

COMMENT ON TABLE ref.economic_observations IS 'One value per series, date and vintage (publication date); revisions are new rows.';

-- GET .../vintages and the series list's latest vintage.
CREATE INDEX economic_observations_vintage_idx ON ref.economic_observations (series_id, vintage);
