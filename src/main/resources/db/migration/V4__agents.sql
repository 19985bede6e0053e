-- Agents (DESIGN 5): the command queue, per-agent state, circuit-breaker events (append-only) and the
-- decision cache for backtests (UNLOGGED: a cache may be lost on a crash, everything else may not).
CREATE SCHEMA IF NOT EXISTS agents;

CREATE TABLE agents.commands (
    id               uuid        NOT NULL,
    agent_id         text        NOT NULL,
    type             text        NOT NULL,
    payload          jsonb       NOT NULL,
    priority         integer     NOT NULL DEFAULT 0,
    status           text        NOT NULL DEFAULT 'PENDING',
    attempts         integer     NOT NULL DEFAULT 0,
    not_before       timestamptz,
    lease_owner      text,
    lease_expires_at timestamptz,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT commands_pkey PRIMARY KEY (id),
    CONSTRAINT commands_agent_id_format CHECK (agent_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
    CONSTRAINT commands_type_length CHECK (length(type) BETWEEN 1 AND 64),
    CONSTRAINT commands_payload_object CHECK (jsonb_typeof(payload) = 'object'),
    CONSTRAINT commands_status_known CHECK (status IN ('PENDING', 'LEASED', 'DONE', 'FAILED', 'DEAD')),
    CONSTRAINT commands_attempts_non_negative CHECK (attempts >= 0),
    -- A leased command always has its lease; no other status keeps one.
    CONSTRAINT commands_lease_matches_status CHECK (
        (status = 'LEASED') = (lease_expires_at IS NOT NULL AND lease_owner IS NOT NULL)),
    CONSTRAINT commands_last_error_length CHECK (last_error IS NULL OR length(last_error) <= 4000)
);

COMMENT ON TABLE agents.commands IS 'Agent command queue; claimed with FOR UPDATE SKIP LOCKED, leases expire and are reclaimed.';

-- The claim's scan: one agent's claimable commands, most urgent first. Only PENDING and LEASED rows are
-- indexed, so finished commands never slow the claim down.
CREATE INDEX commands_claim_idx ON agents.commands (agent_id, priority DESC, created_at, id)
    WHERE status IN ('PENDING', 'LEASED');
CREATE INDEX commands_agent_list_idx ON agents.commands (agent_id, created_at, id);
CREATE INDEX commands_expired_lease_idx ON agents.commands (lease_expires_at) WHERE status = 'LEASED';
CREATE INDEX commands_status_idx ON agents.commands (status);

CREATE TABLE agents.agent_state (
    agent_id   text        NOT NULL,
    state      jsonb       NOT NULL,
    version    bigint      NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT agent_state_pkey PRIMARY KEY (agent_id),
    CONSTRAINT agent_state_agent_id_format CHECK (agent_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
    CONSTRAINT agent_state_state_object CHECK (jsonb_typeof(state) = 'object'),
    CONSTRAINT agent_state_version_non_negative CHECK (version >= 0)
);

COMMENT ON TABLE agents.agent_state IS 'One JSON state document per agent, replaced with If-Match on its version.';

CREATE TABLE agents.circuit_breaker_events (
    id           uuid        NOT NULL,
    agent_id     text        NOT NULL,
    reason       text        NOT NULL,
    triggered_at timestamptz NOT NULL,
    details      jsonb,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT circuit_breaker_events_pkey PRIMARY KEY (id),
    CONSTRAINT circuit_breaker_events_agent_id_format CHECK (agent_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
    CONSTRAINT circuit_breaker_events_reason_length CHECK (length(reason) BETWEEN 1 AND 1000),
    CONSTRAINT circuit_breaker_events_details_object CHECK (details IS NULL OR jsonb_typeof(details) = 'object')
);

COMMENT ON TABLE agents.circuit_breaker_events IS 'Risk circuit-breaker trips, append-only like journal.decisions.';

CREATE INDEX circuit_breaker_events_triggered_idx ON agents.circuit_breaker_events (triggered_at, id);
CREATE INDEX circuit_breaker_events_agent_idx ON agents.circuit_breaker_events (agent_id, triggered_at, id);

CREATE TRIGGER circuit_breaker_events_append_only
    BEFORE UPDATE OR DELETE ON agents.circuit_breaker_events
    FOR EACH ROW EXECUTE FUNCTION journal.reject_change();
CREATE TRIGGER circuit_breaker_events_no_truncate
    BEFORE TRUNCATE ON agents.circuit_breaker_events
    FOR EACH STATEMENT EXECUTE FUNCTION journal.reject_change();

-- Not WAL-logged: fast to write, emptied by a crash, never replicated. Fine for a cache, which is the
-- only thing kept here.
CREATE UNLOGGED TABLE agents.decision_cache (
    namespace  text        NOT NULL,
    key        text        NOT NULL,
    value      jsonb       NOT NULL,
    stored_at  timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    CONSTRAINT decision_cache_pkey PRIMARY KEY (namespace, key),
    CONSTRAINT decision_cache_namespace_format CHECK (namespace ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
    CONSTRAINT decision_cache_key_length CHECK (length(key) BETWEEN 1 AND 512),
    CONSTRAINT decision_cache_expiry CHECK (expires_at > stored_at)
);

COMMENT ON TABLE agents.decision_cache IS 'Backtest decision cache with a TTL; UNLOGGED, swept of expired entries on a schedule.';

CREATE INDEX decision_cache_expires_idx ON agents.decision_cache (expires_at);
