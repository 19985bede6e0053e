#!/usr/bin/env bash
# resample 1m -> 1d with and without a rollup, and the as-of lookup, straight on PostgreSQL: a throwaway cluster on
# a free loopback port with the project's migrations, a year (2023, weekdays 14:30-21:00 UTC, 390 bars a day) of
# generated 1m bars for 50 symbols (4.9 M bars), the 1m/1d rollup filled by the refresh job's own statement and its
# watermark moved past the year. The statements are taken from the Java sources as they are (BarRepository's
# RESAMPLE, RESAMPLE_ROLLUP and AS_OF, RollupRepository's ADVANCE), so the figures are those of the statements
# the service runs. pgbench -M prepared, CLIENTS clients (default 2), DURATION seconds (default 20) each:
#   raw      one symbol's year resampled from the bars (RESAMPLE), a random symbol per transaction
#   rollup   the same through the rollup (RESAMPLE_ROLLUP): the same 252 buckets a transaction
#   asof     AS_OF for 1,000 random (symbol, ts) points of the year per transaction
# Prints pgbench's summary of each and the rollup/raw ratio of transactions (= buckets) per second.
# Needs PostgreSQL 15+ server binaries (PG_BIN), psql, pgbench, python3.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CLIENTS=${CLIENTS:-2}
DURATION=${DURATION:-20}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
WORK=$(mktemp -d /tmp/tickvault-rollup-XXXXXX)
chmod 755 "$WORK"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
AS=()
# PostgreSQL refuses to run as root.
if [[ $(id -u) -eq 0 ]]; then chown nobody "$WORK"; AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups); fi
trap '"${AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
"${AS[@]}" "$PG_BIN/initdb" -D "$WORK/data" -U postgres -A trust >/dev/null
"${AS[@]}" "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/pg.log" \
    -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1 -c shared_buffers=256MB" start >/dev/null
P=(psql -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q)
for f in $(ls "$ROOT/src/main/resources/db/migration"/V*.sql | sort -t V -k 2 -n); do
    "${P[@]}" -f "$f" >/dev/null
done

# The statements, from the Java text blocks, with their %s fragments filled in as the classes do.
python3 - "$ROOT" "$WORK" <<'PY'
import re, sys
root, work = sys.argv[1], sys.argv[2]
def blocks(path):
    src = open(path).read()
    return {m.group(1): m.group(2) for m in re.finditer(r'static final String (\w+) = """\n(.*?)"""', src, re.S)}
bars = blocks(root + '/src/main/java/dev/tickvault/marketdata/BarRepository.java')
rollups = blocks(root + '/src/main/java/dev/tickvault/marketdata/rollup/RollupRepository.java')
agg = bars['BUCKET_AGGREGATES']
read_columns = "symbol, timeframe, ts, open, high, low, close, volume, vwap, trade_count, source, adj_close"
out = {
    'raw': bars['RESAMPLE'],
    'rollup': bars['RESAMPLE_ROLLUP'].replace('%1$s', agg),
    'asof': bars['AS_OF'].replace('%s', read_columns),
    'advance': rollups['ADVANCE'].replace('%1$s', agg).replace('%2$s', rollups['UPSERT_BUCKETS']),
}
for name, sql in out.items():
    open(f'{work}/{name}.sql.txt', 'w').write(sql.replace('%%', '%'))
PY

echo "[$(date +%T)] generating 50 symbols x 2023 of 1m bars" >&2
"${P[@]}" <<'SQL'
SELECT count(*) FROM generate_series('2023-01-01'::timestamptz, '2023-12-01', interval '1 month') g,
       LATERAL market_data.ensure_ohlcv_partition('1m', g, 'month') \g /dev/null
INSERT INTO market_data.ohlcv (symbol, timeframe, ts, open, high, low, close, volume, vwap)
SELECT 'S' || s, '1m', (d + time '14:30') AT TIME ZONE 'UTC' + m * interval '1 minute',
       p, p + 0.5, p - 0.5, p + 0.125, 100 + (m * 7 + s) % 997, CASE WHEN m % 5 = 0 THEN NULL ELSE p + 0.01 END
  FROM generate_series(1, 50) s, generate_series('2023-01-02'::date, '2023-12-29', interval '1 day') d,
       generate_series(0, 389) m, LATERAL (SELECT round((100 + s + 10 * sin(m / 60.0 + extract(doy FROM d)))::numeric, 2) AS p) x
 WHERE extract(isodow FROM d) < 6;
INSERT INTO market_data.series (symbol, timeframe, first_ts, last_ts, bar_count)
SELECT symbol, timeframe, min(ts), max(ts), count(*) FROM market_data.ohlcv GROUP BY 1, 2;
INSERT INTO market_data.rollups (source, bucket, bucket_seconds) VALUES ('1m', '1d', 86400);
VACUUM ANALYZE;
SELECT count(*) AS bars FROM market_data.ohlcv;
SQL
ADVANCE=$(cat "$WORK/advance.sql.txt")
start=$(date +%s.%N)
"${P[@]}" <<SQL
PREPARE advance(text, text, timestamptz, timestamptz, float8) AS $ADVANCE;
EXECUTE advance('1m', '1d', '2023-01-01', '2024-01-01', 86400);
UPDATE market_data.rollups SET watermark = '2024-01-01', row_count = (SELECT count(*) FROM market_data.rollup_bars);
ANALYZE market_data.rollup_bars;
SQL
echo "[$(date +%T)] rollup filled in $(echo "$(date +%s.%N) - $start" | bc) s: $("${P[@]}" -At -c 'SELECT count(*) FROM market_data.rollup_bars') buckets" >&2

# The same statement text with the year's values in place of $n and the symbol as pgbench's variable (with -M
# prepared, its one parameter).
mk() {
    python3 - "$WORK/$1.sql.txt" > "$WORK/$1.pgbench" <<'PY'
import re, sys
sql = open(sys.argv[1]).read()
values = {'1': ":sym", '2': "'1m'", '3': "'2023-01-01'::timestamptz", '4': "'2024-01-01'::timestamptz", '5': '86400',
          '6': "'2023-01-01'::timestamptz", '7': "'2024-01-01'::timestamptz", '8': "'1d'"}
sql = re.sub(r'\$(\d+)', lambda m: values[m.group(1)], sql)
print("\\set s random(1, 50)")
print(re.sub(r'\s+', ' ', sql.replace(':sym', "('S' || :s)")).strip() + ';')
PY
}
mk raw
mk rollup
python3 - "$WORK/asof.sql.txt" > "$WORK/asof.pgbench" <<'PY'
import re, sys
sql = open(sys.argv[1]).read()
# 1,000 points: random symbols and random minutes of the year, built server-side in the same statement's arrays.
points = ("(SELECT array_agg('S' || (1 + (random() * 49)::int)) FROM generate_series(1, 1000))",
          "(SELECT array_agg(timestamptz '2023-01-02 14:30+00' + (random() * 361 * 86400) * interval '1 second')"
          " FROM generate_series(1, 1000))")
sql = sql.replace('$1::text[]', points[0]).replace('$2::timestamptz[]', points[1]).replace('$3', "'1m'").replace('$4', '60')
print(re.sub(r'\s+', ' ', sql).strip() + ';')
PY
# Both statements answer the same buckets: every symbol's year, compared whole.
same=$(for name in raw rollup; do
    sed "s/('S' || :s)/('S' || s)/g" "$WORK/$name.pgbench" | tail -n 1 | sed 's/;$//' \
        | awk -v q="$name" '{ print "SELECT md5(string_agg((t.bucket_ts, t.open, t.high, t.low, t.close, t.volume, t.vwap, t.bar_count)::text, chr(124) ORDER BY s, t.bucket_ts)) FROM generate_series(1, 50) s, LATERAL (" $0 ") t;" }' \
        | "${P[@]}" -At
done | sort -u | wc -l)
[[ $same == 1 ]] || { echo "raw and rollup answers differ" >&2; exit 1; }
echo "raw and rollup answers: identical for the 50 symbols"
for name in raw rollup asof; do
    echo "== $name (pgbench -M prepared -c $CLIENTS -j $CLIENTS -T $DURATION)"
    pgbench -h 127.0.0.1 -p "$PORT" -U postgres -n -M prepared -c "$CLIENTS" -j "$CLIENTS" -T "$DURATION" \
        -f "$WORK/$name.pgbench" postgres 2>&1 | grep -E '^(number of transactions actually processed|latency average|tps)'
done | tee "$WORK/out.txt"
awk '/^== raw/ { k = "raw" } /^== rollup/ { k = "rollup" } /^== asof/ { k = "" }
     /^tps/ && k { t[k] = $3 } END { if (t["raw"] > 0) printf "rollup/raw buckets per second: %.1f\n", t["rollup"] / t["raw"] }' "$WORK/out.txt"
