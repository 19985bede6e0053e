-- Trading journal (DESIGN 4): decisions (append-only), trades (optimistic locking), predictions and
-- their outcomes. The CHECK constraints repeat the API's rules, so a bug or a psql session cannot store
-- what the API would refuse. V2 is reserved for another branch.
CREATE SCHEMA IF NOT EXISTS journal;

-- Rejects any UPDATE or DELETE: an audit trail that can be rewritten is not one. Shared by every
-- append-only table (journal.decisions here, agents.circuit_breaker_events in V4).
CREATE FUNCTION journal.reject_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege', HINT = 'Record a new row instead.';
END;
$$;

CREATE TABLE journal.decisions (
    id          uuid           NOT NULL,
    symbol      text           NOT NULL,
    action      text           NOT NULL,
    confidence  numeric(9, 8)  NOT NULL,
    price       numeric(20, 8),
    quantity    numeric(20, 8),
    strategy    text           NOT NULL,
    model       text,
    rationale   text,
    features    jsonb,
    decided_at  timestamptz    NOT NULL,
    recorded_at timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT decisions_pkey PRIMARY KEY (id),
    CONSTRAINT decisions_symbol_format CHECK (symbol ~ '^[A-Z0-9^][A-Z0-9._:^=-]{0,31}$'),
    CONSTRAINT decisions_action_known CHECK (action IN ('BUY', 'SELL', 'HOLD', 'CLOSE')),
    CONSTRAINT decisions_confidence_range CHECK (confidence >= 0 AND confidence <= 1),
    CONSTRAINT decisions_price_positive CHECK (price IS NULL OR price > 0),
    CONSTRAINT decisions_quantity_positive CHECK (quantity IS NULL OR quantity > 0),
    CONSTRAINT decisions_strategy_length CHECK (length(strategy) BETWEEN 1 AND 128),
    CONSTRAINT decisions_model_length CHECK (model IS NULL OR length(model) BETWEEN 1 AND 128),
    CONSTRAINT decisions_rationale_length CHECK (rationale IS NULL OR length(rationale) <= 10000),
    CONSTRAINT decisions_features_object CHECK (features IS NULL OR jsonb_typeof(features) = 'object')
);

COMMENT ON TABLE journal.decisions IS 'Trading decisions, append-only (trigger decisions_append_only). Prices NUMERIC(20,8).';

-- Keyset pages of GET /api/v1/decisions: by decided_at then id, optionally for one symbol or strategy.
CREATE INDEX decisions_decided_idx ON journal.decisions (decided_at, id);
CREATE INDEX decisions_symbol_decided_idx ON journal.decisions (symbol, decided_at, id);
CREATE INDEX decisions_strategy_decided_idx ON journal.decisions (strategy, decided_at, id);

CREATE TRIGGER decisions_append_only
    BEFORE UPDATE OR DELETE ON journal.decisions
    FOR EACH ROW EXECUTE FUNCTION journal.reject_change();
-- TRUNCATE bypasses row triggers: refuse it too.
CREATE TRIGGER decisions_no_truncate
    BEFORE TRUNCATE ON journal.decisions
    FOR EACH STATEMENT EXECUTE FUNCTION journal.reject_change();

CREATE TABLE journal.trades (
    id              uuid           NOT NULL,
    symbol          text           NOT NULL,
    side            text           NOT NULL,
    quantity        numeric(20, 8) NOT NULL,
    entry_price     numeric(20, 8) NOT NULL,
    entry_time      timestamptz    NOT NULL,
    execution_mode  text           NOT NULL,
    broker          text,
    broker_order_id text,
    decision_id     uuid,
    status          text           NOT NULL DEFAULT 'OPEN',
    exit_price      numeric(20, 8),
    exit_time       timestamptz,
    version         bigint         NOT NULL DEFAULT 0,
    created_at      timestamptz    NOT NULL DEFAULT now(),
    updated_at      timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT trades_pkey PRIMARY KEY (id),
    CONSTRAINT trades_decision_fkey FOREIGN KEY (decision_id) REFERENCES journal.decisions (id),
    CONSTRAINT trades_symbol_format CHECK (symbol ~ '^[A-Z0-9^][A-Z0-9._:^=-]{0,31}$'),
    CONSTRAINT trades_side_known CHECK (side IN ('BUY', 'SELL')),
    CONSTRAINT trades_mode_known CHECK (execution_mode IN ('SIMULATION', 'PAPER', 'LIVE')),
    CONSTRAINT trades_status_known CHECK (status IN ('OPEN', 'CLOSED', 'CANCELLED')),
    CONSTRAINT trades_quantity_positive CHECK (quantity > 0),
    CONSTRAINT trades_entry_price_positive CHECK (entry_price > 0),
    CONSTRAINT trades_exit_price_positive CHECK (exit_price IS NULL OR exit_price > 0),
    CONSTRAINT trades_broker_length CHECK (broker IS NULL OR length(broker) BETWEEN 1 AND 64),
    CONSTRAINT trades_broker_order_id_length CHECK (broker_order_id IS NULL OR length(broker_order_id) BETWEEN 1 AND 128),
    -- A closed trade has its exit; an open or cancelled one has none.
    CONSTRAINT trades_exit_matches_status CHECK (
        (status = 'CLOSED' AND exit_price IS NOT NULL AND exit_time IS NOT NULL)
        OR (status <> 'CLOSED' AND exit_price IS NULL)),
    CONSTRAINT trades_exit_after_entry CHECK (exit_time IS NULL OR exit_time >= entry_time),
    CONSTRAINT trades_version_non_negative CHECK (version >= 0)
);

COMMENT ON TABLE journal.trades IS 'Trades; realised P&L is computed on read from side, quantity, entry and exit, never stored.';

CREATE INDEX trades_entry_idx ON journal.trades (entry_time, id);
CREATE INDEX trades_symbol_entry_idx ON journal.trades (symbol, entry_time, id);
CREATE INDEX trades_open_idx ON journal.trades (entry_time, id) WHERE status = 'OPEN';
CREATE INDEX trades_decision_idx ON journal.trades (decision_id) WHERE decision_id IS NOT NULL;

CREATE TABLE journal.predictions (
    id              uuid           NOT NULL,
    symbol          text           NOT NULL,
    model           text           NOT NULL,
    horizon         text           NOT NULL,
    predicted_at    timestamptz    NOT NULL,
    predicted_value numeric(20, 8) NOT NULL,
    reference_value numeric(20, 8),
    direction       text,
    confidence      numeric(9, 8)  NOT NULL,
    agent_cycle     bigint,
    recorded_at     timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT predictions_pkey PRIMARY KEY (id),
    CONSTRAINT predictions_symbol_format CHECK (symbol ~ '^[A-Z0-9^][A-Z0-9._:^=-]{0,31}$'),
    CONSTRAINT predictions_model_length CHECK (length(model) BETWEEN 1 AND 128),
    CONSTRAINT predictions_horizon_iso CHECK (horizon ~ '^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$'),
    CONSTRAINT predictions_direction_known CHECK (direction IS NULL OR direction IN ('UP', 'DOWN', 'FLAT')),
    CONSTRAINT predictions_confidence_range CHECK (confidence >= 0 AND confidence <= 1),
    CONSTRAINT predictions_agent_cycle_non_negative CHECK (agent_cycle IS NULL OR agent_cycle >= 0)
);

COMMENT ON TABLE journal.predictions IS 'Model predictions; values relative to reference_value (0 when absent). shouldTrade is derived on read.';

CREATE INDEX predictions_model_idx ON journal.predictions (model, predicted_at);
CREATE INDEX predictions_symbol_idx ON journal.predictions (symbol, predicted_at);

-- One outcome per prediction; PUT replaces it.
CREATE TABLE journal.prediction_outcomes (
    prediction_id uuid           NOT NULL,
    actual_value  numeric(20, 8) NOT NULL,
    observed_at   timestamptz    NOT NULL,
    recorded_at   timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT prediction_outcomes_pkey PRIMARY KEY (prediction_id),
    CONSTRAINT prediction_outcomes_prediction_fkey FOREIGN KEY (prediction_id)
        REFERENCES journal.predictions (id) ON DELETE CASCADE
);

COMMENT ON TABLE journal.prediction_outcomes IS 'What was observed for a prediction; accuracy is computed from these in SQL.';
