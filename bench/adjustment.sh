#!/usr/bin/env bash
# The cost of adjustment=split|all against raw reads, straight on PostgreSQL: a throwaway cluster on a free
# loopback port with the project's migrations, the S&P 500 file as the 1d bars of one symbol with 4 splits and
# 80 quarterly dividends, then a page of 100 and the whole series (5,105 bars) read raw, split and all, each
# statement PREPAREd and EXECUTEd 6 times under psql's \timing. The adjusted source is the text of
# marketdata.Adjustment's ADJUSTED fragment; keep the two alike. Needs PostgreSQL 15+ server binaries (PG_BIN).
# Prints "<adjustment> <page|whole>: <ms> ..." lines.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
WORK=$(mktemp -d /tmp/tickvault-adjustment-XXXXXX)
chmod 755 "$WORK"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
AS=()
# PostgreSQL refuses to run as root.
if [[ $(id -u) -eq 0 ]]; then chown nobody "$WORK"; AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups); fi
trap '"${AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
"${AS[@]}" "$PG_BIN/initdb" -D "$WORK/data" -U postgres -A trust >/dev/null
"${AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/pg.log" \
    -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1" start >/dev/null
P=(psql -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q)
for f in $(ls "$ROOT/src/main/resources/db/migration"/V*.sql | sort -t V -k 2 -n); do
    "${P[@]}" -f "$f" >/dev/null
done
"${P[@]}" -v file="$ROOT/src/main/resources/sample-data/sp500-2000.csv" <<'SQL'
SELECT market_data.ensure_ohlcv_partition('1d', t, 'decade')
  FROM (VALUES ('2000-01-01'::timestamptz), ('2010-01-01'), ('2020-01-01')) v(t) \g /dev/null
CREATE TEMP TABLE f (d date, o numeric, h numeric, l numeric, c numeric, a numeric, v bigint);
\set copy '\\copy f FROM ' :'file' ' CSV HEADER'
:copy
INSERT INTO market_data.ohlcv (symbol, timeframe, ts, open, high, low, close, volume, adj_close)
SELECT 'MEAS', '1d', d::timestamp AT TIME ZONE 'UTC', o, h, l, c, v, a FROM f;
INSERT INTO market_data.series SELECT 'MEAS', '1d', min(ts), max(ts), count(*) FROM market_data.ohlcv WHERE symbol = 'MEAS';
INSERT INTO ref.corporate_actions (id, symbol, ex_date, action_type, ratio)
VALUES (gen_random_uuid(), 'MEAS', '2000-06-21', 'split', 2), (gen_random_uuid(), 'MEAS', '2005-02-28', 'split', 2),
       (gen_random_uuid(), 'MEAS', '2014-06-09', 'split', 7), (gen_random_uuid(), 'MEAS', '2020-03-02', 'split', 4);
INSERT INTO ref.corporate_actions (id, symbol, ex_date, action_type, amount)
SELECT gen_random_uuid(), 'MEAS', d, 'dividend', 5 FROM generate_series('2000-03-15'::date, '2020-01-01', interval '3 months') d;
ANALYZE;
SQL
price() { echo "round(b.$1 * coalesce(x.dividend_factor, 1) / coalesce(x.split_divisor, 1), 8) AS $1"; }
adjusted() {
    echo "(SELECT b.symbol, b.timeframe, b.ts, $(price open), $(price high), $(price low), $(price close)," \
         "round(b.volume * coalesce(x.split_divisor, 1))::int8 AS volume, $(price vwap), b.trade_count, b.source," \
         "b.adj_close FROM market_data.ohlcv b LEFT JOIN ref.adjustment_factors(\$1, \$2, $1) x" \
         "ON b.ts >= x.since AND b.ts < x.until WHERE b.symbol = \$1 AND b.timeframe = \$2) AS ohlcv"
}
COLS="symbol, timeframe, ts, open::text, high::text, low::text, close::text, volume, vwap::text, trade_count, source, adj_close::text"
{
    echo '\timing on'
    echo '\o /dev/null'
    for name in raw split all; do
        case $name in raw) src=market_data.ohlcv ;; split) src=$(adjusted false) ;; all) src=$(adjusted true) ;; esac
        echo "PREPARE page_$name(text, text, timestamptz, timestamptz, int) AS SELECT $COLS FROM $src WHERE symbol = \$1 AND timeframe = \$2 AND ts >= \$3 AND ts < \$4 ORDER BY ts LIMIT \$5;"
        echo "PREPARE whole_$name(text, text, timestamptz, timestamptz) AS SELECT $COLS FROM $src WHERE symbol = \$1 AND timeframe = \$2 AND ts >= \$3 AND ts < \$4 ORDER BY ts;"
    done
    for name in raw split all; do
        echo "\\echo $name page"
        for _ in 1 2 3 4 5 6; do echo "EXECUTE page_$name('MEAS', '1d', '2008-09-01', 'infinity', 101);"; done
        echo "\\echo $name whole"
        for _ in 1 2 3 4 5 6; do echo "EXECUTE whole_$name('MEAS', '1d', '-infinity', 'infinity');"; done
    done
} > "$WORK/q.sql"
"${P[@]}" -f "$WORK/q.sql" 2>&1 | awk '/^(raw|split|all) (page|whole)$/ { if (k) print k ":" v; k = $0; v = ""; n = 0; next }
    /^Time:/ && k { v = v " " $2 } END { print k ":" v }'
