-- Idempotency keys (DESIGN 2) for every creating POST: the first response to (caller, key) is kept and
-- replayed to retries; the row is inserted in the same transaction as the write it guards, so a
-- concurrent duplicate waits on the primary key and then sees the committed response.
CREATE SCHEMA IF NOT EXISTS api;

CREATE TABLE api.idempotency_keys (
    caller_id        text        NOT NULL,
    idempotency_key  text        NOT NULL,
    method           text        NOT NULL,
    path             text        NOT NULL,
    request_hash     text        NOT NULL,
    response_status  integer,
    response_body    text,
    response_headers jsonb       NOT NULL DEFAULT '{}',
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (caller_id, idempotency_key),
    CONSTRAINT idempotency_keys_key_length CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    CONSTRAINT idempotency_keys_hash_sha256 CHECK (request_hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT idempotency_keys_status_range CHECK (response_status IS NULL OR response_status BETWEEN 100 AND 599),
    CONSTRAINT idempotency_keys_expiry CHECK (expires_at > created_at)
);

COMMENT ON TABLE api.idempotency_keys IS 'Idempotency-Key responses per caller; request_hash is the SHA-256 (hex) of the request body.';

CREATE INDEX idempotency_keys_expires_idx ON api.idempotency_keys (expires_at);
