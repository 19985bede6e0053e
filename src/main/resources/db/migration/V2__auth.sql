-- Access control: API keys (only a SHA-256 hash of each secret) and the audit log.
CREATE SCHEMA IF NOT EXISTS auth;

CREATE TABLE auth.api_keys (
    id                    text        NOT NULL,
    name                  text        NOT NULL,
    secret_sha256         bytea       NOT NULL,
    scopes                text[]      NOT NULL,
    created_at            timestamptz NOT NULL DEFAULT now(),
    expires_at            timestamptz,
    revoked_at            timestamptz,
    rate_limit_per_minute integer,
    bootstrap             boolean     NOT NULL DEFAULT false,
    CONSTRAINT api_keys_pkey PRIMARY KEY (id),
    CONSTRAINT api_keys_id_format CHECK (id ~ '^[A-Za-z0-9]{8}$'),
    CONSTRAINT api_keys_name_length CHECK (length(name) BETWEEN 1 AND 100),
    CONSTRAINT api_keys_hash_length CHECK (octet_length(secret_sha256) = 32),
    CONSTRAINT api_keys_scopes_known CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['read', 'write', 'admin']),
    CONSTRAINT api_keys_rate_limit_non_negative CHECK (rate_limit_per_minute IS NULL OR rate_limit_per_minute >= 0)
);

COMMENT ON TABLE auth.api_keys IS 'API keys tv_<id>_<secret>: the secret itself is never stored, only its SHA-256.';

CREATE TABLE auth.audit_log (
    id             bigint GENERATED ALWAYS AS IDENTITY,
    occurred_at    timestamptz NOT NULL,
    event          text        NOT NULL,
    key_id         text,
    client_address text,
    method         text,
    path           text,
    status         integer,
    detail         text,
    CONSTRAINT audit_log_pkey PRIMARY KEY (id),
    CONSTRAINT audit_log_event_known CHECK (event IN ('auth_failed', 'forbidden', 'rate_limited', 'key_created',
                                                      'key_revoked', 'admin_call'))
);

CREATE INDEX audit_log_occurred_at ON auth.audit_log (occurred_at);
CREATE INDEX audit_log_key_id ON auth.audit_log (key_id, id);

COMMENT ON TABLE auth.audit_log IS 'Refused calls, rate-limit hits, key creation and revocation, and every admin call.';
