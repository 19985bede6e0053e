-- Live push (DESIGN 11): every write of bars or decisions leaves an event row in its own transaction, numbered
-- per series from the series' summary row, which the write locks anyway. Row locks are held until commit, so
-- within a series the numbers are handed out in commit order: a reader that has seen number n and reads
-- "after n" can never later meet a smaller number that was still uncommitted (a global sequence gives no such
-- order: nextval is taken before commit, and a later value can commit first). The events are kept for
-- tickvault.live.replay-window, so a client that reconnects with its last event id is sent exactly what it
-- missed, from any instance, after any restart.

-- The number of the series' newest event; 0 before its first.
ALTER TABLE market_data.series ADD COLUMN event_seq bigint NOT NULL DEFAULT 0;

-- One row per write statement and series: the bars it inserted or changed (unchanged ones are not there), as
-- one array per column in ts order; the live feed sends one event per element.
CREATE TABLE market_data.bar_events (
    symbol      text          NOT NULL,
    timeframe   text          NOT NULL,
    seq         bigint        NOT NULL,
    created_at  timestamptz   NOT NULL DEFAULT now(),
    ts          timestamptz[] NOT NULL,
    open        numeric[]     NOT NULL,
    high        numeric[]     NOT NULL,
    low         numeric[]     NOT NULL,
    close       numeric[]     NOT NULL,
    volume      bigint[]      NOT NULL,
    vwap        numeric[]     NOT NULL,
    trade_count bigint[]      NOT NULL,
    source      text[]        NOT NULL,
    CONSTRAINT bar_events_pkey PRIMARY KEY (symbol, timeframe, seq)
);
CREATE INDEX bar_events_created_at ON market_data.bar_events (created_at);

COMMENT ON TABLE market_data.bar_events IS
    'Bars written, per write statement and series, numbered by market_data.series.event_seq; kept for the live replay window.';

-- Decisions: a (strategy, symbol) pair is a series; its row is locked by every insert of its decisions.
CREATE TABLE journal.decision_series (
    strategy  text   NOT NULL,
    symbol    text   NOT NULL,
    event_seq bigint NOT NULL,
    CONSTRAINT decision_series_pkey PRIMARY KEY (strategy, symbol)
);

-- Decisions never change, so an event names them by id.
CREATE TABLE journal.decision_events (
    strategy   text        NOT NULL,
    symbol     text        NOT NULL,
    seq        bigint      NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    ids        uuid[]      NOT NULL,
    CONSTRAINT decision_events_pkey PRIMARY KEY (strategy, symbol, seq)
);
CREATE INDEX decision_events_created_at ON journal.decision_events (created_at);

COMMENT ON TABLE journal.decision_events IS
    'Decisions recorded, per insert and (strategy, symbol), numbered by journal.decision_series.event_seq.';
