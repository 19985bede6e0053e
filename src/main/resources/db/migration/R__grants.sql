-- Least privilege. The migration role owns the schemas; when the roles exist (created by docker/init
-- SQL or by the operator), tickvault_app gets data rights only (no DDL) and tickvault_reader read-only
-- rights. Re-applied at every migration run (applied ${flyway:timestamp}), so roles created after the
-- first deployment and schemas added by later migrations are covered; every statement is idempotent.
-- Partitions made later by the schema owner (market_data.ensure_ohlcv_partition) are covered by the
-- default privileges; a query through market_data.ohlcv needs rights on that table alone.
DO $$
DECLARE
    s text;
BEGIN
    FOREACH s IN ARRAY ARRAY['market_data', 'journal', 'agents', 'auth', 'api', 'ref'] LOOP
        CONTINUE WHEN NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = s);
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tickvault_app') THEN
            EXECUTE format('GRANT USAGE ON SCHEMA %I TO tickvault_app', s);
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO tickvault_app', s);
            EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO tickvault_app', s);
            EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tickvault_app', s);
            EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO tickvault_app', s);
        END IF;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tickvault_reader') THEN
            EXECUTE format('GRANT USAGE ON SCHEMA %I TO tickvault_reader', s);
            EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO tickvault_reader', s);
            EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO tickvault_reader', s);
        END IF;
    END LOOP;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tickvault_app') THEN
        -- The only schema changes the runtime role makes: bar partitions, through SECURITY DEFINER functions
        -- that take a timeframe, a time and a span (or a partition's name), never SQL (migration V6).
        IF to_regprocedure('market_data.ensure_ohlcv_partition(text, timestamptz, text)') IS NOT NULL THEN
            GRANT EXECUTE ON FUNCTION market_data.ensure_ohlcv_partition(text, timestamptz, text) TO tickvault_app;
            GRANT EXECUTE ON FUNCTION market_data.drop_ohlcv_partition(text, integer) TO tickvault_app;
        END IF;
        -- Objects this role creates later, in any schema.
        ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tickvault_app;
        ALTER DEFAULT PRIVILEGES GRANT USAGE, SELECT ON SEQUENCES TO tickvault_app;
        ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO tickvault_app;
        GRANT SELECT ON public.flyway_schema_history TO tickvault_app;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tickvault_reader') THEN
        ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO tickvault_reader;
        ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO tickvault_reader;
        GRANT SELECT ON public.flyway_schema_history TO tickvault_reader;
    END IF;
END
$$;
