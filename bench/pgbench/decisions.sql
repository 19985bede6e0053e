-- One decision inserted as POST /api/v1/decisions stores it: a time-ordered (version 7 layout) id, the same
-- columns and values of the same shapes as bench/wrk/decisions.lua sends; one statement, autocommit.
\set i random(0, 49)
\set a random(1, 4)
\set c random(0, 100)
\set p random(0, 10000)
\set q random(1, 100)
\set r random(0, 1000)
INSERT INTO journal.decisions (id, symbol, action, confidence, price, quantity, strategy, model, rationale, features, decided_at, recorded_at) VALUES (encode(overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 'hex')::uuid, 'SYN' || lpad(:i::text, 2, '0'), (ARRAY['BUY', 'SELL', 'HOLD', 'CLOSE'])[:a], :c / 100.0, 100 + :p / 100.0, :q, 'bench-momentum', 'gbm-v3', 'momentum above threshold', jsonb_build_object('rsi', :r / 10.0, 'ret', 0.00123), now(), now());
