-- The performance record (GET /api/v1/trades/performance, DESIGN 10) reads closed trades by exit time.
CREATE INDEX trades_closed_exit_idx ON journal.trades (exit_time, id) WHERE status = 'CLOSED';
