-- Retention's drops of bar partitions are audited (DESIGN 8) alongside refused calls and admin calls.
ALTER TABLE auth.audit_log DROP CONSTRAINT audit_log_event_known;
ALTER TABLE auth.audit_log ADD CONSTRAINT audit_log_event_known
    CHECK (event IN ('auth_failed', 'forbidden', 'rate_limited', 'key_created', 'key_revoked', 'admin_call',
                     'partition_dropped'));
