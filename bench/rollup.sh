#!/usr/bin/env bash
# tickvault rollup and as-of benchmark (DESIGN 8 and 13): resample 1m -> 1d over a year for 50 symbols with and
# without the 1m/1d rollup, and as-of lookups of 1,000 points, each through the HTTP API and as the same SQL
# straight on PostgreSQL in the same run.
#
#   bench/rollup.sh
#
# A throwaway PostgreSQL cluster (bench/lib.sh) and the packaged application on it; the application's migrations
# make the schema, then a year of generated 1m bars (2023, weekdays 14:30-21:00 UTC, 390 bars a day) for 50
# symbols (5.1 M bars) is inserted in SQL, and `PUT /api/v1/admin/rollups/1m/1d` declares the rollup, which the
# refresh job builds (its time is reported). The SQL sides are the statements the service runs, taken from the
# Java sources as they are (BarRepository's RESAMPLE, RESAMPLE_ROLLUP and AS_OF), under pgbench -M prepared.
# Scenarios, each wrk -t1 against pgbench with the same number of connections (CONNECTIONS, default 4):
#   resample_raw     GET .../resample?timeframe=1m&bucket=1d (a random symbol's 2023) with rollup=off; RESAMPLE
#   resample_rollup  the same with rollup=auto (the rollup below its watermark); RESAMPLE_ROLLUP
#   asof             POST /api/v1/bars/asof with 1,000 random (symbol, ts) points; AS_OF on 1,000 random points
# Before measuring, the script checks that the raw and the rollup statements answer the same buckets for every
# symbol, and that the API answers the same bytes with rollup=off and rollup=auto.
# Prints the table; raw output in bench/results/rollup-<stamp>/.
# Settings: BENCH_DURATION (15 s), BENCH_WARMUP (5 s), CONNECTIONS, BENCH_SKIP_BUILD=1, BENCH_JAVA_OPTS, PG_BIN.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$ROOT/bench/results/rollup-$STAMP
mkdir -p "$OUT/pgbench"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

DURATION=${BENCH_DURATION:-15}
WARMUP=${BENCH_WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-4}
# tickvault starts as users start it, through its launcher (target/quarkus-app/tickvault: the tuned JVM options
# and the class-data archive); BENCH_JAVA_OPTS adds JVM options after them (JAVA_OPTS of the launcher).
JAVA_OPTS=${BENCH_JAVA_OPTS:-}
APP_MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
BUCKETS=260 # weekdays of 2023 from 2023-01-02 to 2023-12-29 (the generated data has no holidays): buckets a resample answers
POINTS=1000

APP_PID=
SAMPLER_PID=
cleanup() {
    [[ -z "$SAMPLER_PID" ]] || kill "$SAMPLER_PID" 2>/dev/null || true
    stop_app
    stop_postgres
}
trap cleanup EXIT

ensure_tools
if [[ -z "${BENCH_SKIP_BUILD:-}" || ! -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]]; then
    log "building the packaged application (./mvnw -B package -DskipTests)"
    "$ROOT/mvnw" -B -q package -DskipTests >"$OUT/build.log" 2>&1 || die "build failed (see $OUT/build.log)"
fi
describe_machine

start_postgres
DB_PASSWORD=unused # trust authentication on loopback
KEY="tv_benchkey_$(head -c 512 /dev/urandom | tr -dc 'A-Za-z0-9' | head -c 40)"
export TV_KEY=$KEY
APP_PORT=$(free_port)
BASE=http://127.0.0.1:$APP_PORT
api() {
    curl -sS -f -H "Authorization: Bearer $KEY" "$@"
}

sql -d postgres -c "CREATE DATABASE tickvault"
start_app tickvault "$OUT/tickvault.log"
log "tickvault pid $APP_PID ready in $READY_MS ms on $BASE (migrations applied)"

# The statements, from the Java text blocks, with their %s fragments filled in as the classes do.
python3 - "$ROOT" "$OUT" <<'PY'
import re, sys
root, out = sys.argv[1], sys.argv[2]
def blocks(path):
    src = open(path).read()
    return {m.group(1): m.group(2) for m in re.finditer(r'static final String (\w+) = """\n(.*?)"""', src, re.S)}
bars = blocks(root + '/src/main/java/dev/tickvault/marketdata/BarRepository.java')
agg = bars['BUCKET_AGGREGATES']
read_columns = "symbol, timeframe, ts, open, high, low, close, volume, vwap, trade_count, source, adj_close"
# Timeframe.pinned: the timeframe also as a literal beside $2, as the service sends the bar statements.
def pinned(sql):
    return re.sub(r'\b((?:\w+\.)?timeframe) = \$2(?!\d)', lambda m: f"{m.group(1)} = $2 AND {m.group(1)} = '1m'", sql)
statements = {
    'raw': pinned(bars['RESAMPLE']),
    'rollup': pinned(bars['RESAMPLE_ROLLUP'].replace('%1$s', agg)),
    'asof': bars['AS_OF'].replace('%s', read_columns),
}
for name, sql in statements.items():
    open(f'{out}/{name}.sql.txt', 'w').write(sql.replace('%%', '%'))
# pgbench scripts: the statement as the service sends it, every $n a parameter (pgbench -M prepared turns each
# :variable into one; PGBENCH_VARS below gives the year's values), so PostgreSQL plans it as it plans the service's.
# The same text with literals, for the check that both statements answer the same buckets.
names = {'1': "('S' || :s)", '2': ":tf", '3': ":from", '4': ":to", '5': ":secs", '6': ":first", '7': ":last", '8': ":bucket"}
literals = {'1': "('S' || s)", '2': "'1m'", '3': "'2023-01-01'::timestamptz", '4': "'2024-01-01'::timestamptz",
            '5': '86400', '6': "'2023-01-01'::timestamptz", '7': "'2024-01-01'::timestamptz", '8': "'1d'"}
for name in ('raw', 'rollup'):
    sql = re.sub(r'\s+', ' ', statements[name]).strip()
    open(f'{out}/{name}.pgbench', 'w').write("\\set s random(1, 50)\n" + re.sub(r'\$(\d+)', lambda m: names[m.group(1)], sql) + ';\n')
    open(f'{out}/{name}.literal.sql', 'w').write(re.sub(r'\$(\d+)', lambda m: literals[m.group(1)], sql) + '\n')
# 1,000 points as bench/wrk/asof.lua draws them: random symbols and random seconds of the year, built in the
# statement's own arrays.
points = ("(SELECT array_agg('S' || (1 + (random() * 49)::int)) FROM generate_series(1, 1000))",
          "(SELECT array_agg(timestamptz '2023-01-02 14:30+00' + (random() * 361 * 86400) * interval '1 second')"
          " FROM generate_series(1, 1000))")
sql = statements['asof'].replace('$1::text[]', points[0]).replace('$2::timestamptz[]', points[1]) \
    .replace('$3', "'1m'").replace('$4', '60')
open(f'{out}/asof.pgbench', 'w').write(re.sub(r'\s+', ' ', sql).strip() + ';\n')
PY

log "generating 50 symbols x 2023 of 1m bars"
t0=$(date +%s)
sql -d tickvault >"$OUT/generate.log" <<'SQL'
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
VACUUM ANALYZE;
SQL
BARS=$(sql -d tickvault -At -c "SELECT count(*) FROM market_data.ohlcv WHERE timeframe = '1m'")
log "generated $BARS bars of 1m in $(($(date +%s) - t0)) s"

# The rollup, built by the refresh job from the bars already stored.
t0=$(date +%s%N)
api -X PUT "$BASE/api/v1/admin/rollups/1m/1d" >"$OUT/rollup-put.json" || die "PUT /admin/rollups/1m/1d failed"
while true; do
    state=$(api "$BASE/api/v1/admin/rollups/1m/1d")
    grep -q '"watermark":"202[4-9]' <<<"$state" && grep -q '"pendingBuckets":0' <<<"$state" && break
    (($(date +%s%N) - t0 < 600000000000)) || die "the rollup was not built after 600 s: $state"
    sleep 0.2
done
BUILD_MS=$((($(date +%s%N) - t0) / 1000000))
echo "$state" >"$OUT/rollup-state.json"
log "rollup 1m/1d: the refresh job had aggregated 2023 (watermark past it) $BUILD_MS ms after the PUT: $state"

# The same answers: every symbol's year from both statements, compared whole; the API's bytes with and without it.
same=$(for name in raw rollup; do
    awk '{ print "SELECT md5(string_agg((t.bucket_ts, t.open, t.high, t.low, t.close, t.volume, t.vwap, t.bar_count)::text, chr(124) ORDER BY s, t.bucket_ts)) FROM generate_series(1, 50) s, LATERAL (" $0 ") t;" }' \
        "$OUT/$name.literal.sql" | sql -d tickvault -At
done | sort -u | wc -l)
[[ $same == 1 ]] || die "the raw and the rollup statements answer different buckets"
for s in 1 25 50; do
    q="/api/v1/bars/S$s/resample?timeframe=1m&bucket=1d&from=2023-01-01T00:00:00Z&to=2024-01-01T00:00:00Z"
    a=$(api "$BASE$q&rollup=off" | md5sum)
    b=$(api "$BASE$q&rollup=auto" | md5sum)
    [[ "$a" == "$b" ]] || die "S$s: the API answers differently with rollup=off and rollup=auto"
    n=$(api "$BASE$q" | grep -o '"bucket"' | wc -l)
    [[ $n == "$BUCKETS" ]] || die "S$s: $n buckets, expected $BUCKETS"
done
log "raw and rollup answers identical: the statements for the 50 symbols, the API's bytes for S1, S25, S50"

SUMMARY=$OUT/summary.tsv
printf 'scenario\tside\tconnections\trps\tp50_us\tp99_us\tnon2xx\terrors\tpeak_rss_kib\tapp_cpu_s\tpg_cpu_s\trequests\n' >"$SUMMARY"
BENCH_DB=tickvault
PGBENCH_VARS=(-D tf=1m -D from=2023-01-01T00:00:00Z -D to=2024-01-01T00:00:00Z -D secs=86400
    -D first=2023-01-01T00:00:00Z -D last=2024-01-01T00:00:00Z -D bucket=1d)
export TV_ROLLUP=off
run_wrk resample_raw "$CONNECTIONS" bench/wrk/resample.lua
run_pgbench resample_raw "$CONNECTIONS" "$OUT/raw.pgbench"
export TV_ROLLUP=auto
run_wrk resample_rollup "$CONNECTIONS" bench/wrk/resample.lua
run_pgbench resample_rollup "$CONNECTIONS" "$OUT/rollup.pgbench"
run_wrk asof "$CONNECTIONS" bench/wrk/asof.lua
run_pgbench asof "$CONNECTIONS" "$OUT/asof.pgbench"
HWM=$(app_hwm_kib)
stop_app

# --- The table ----------------------------------------------------------------------------------------------
rate() { # rate SCENARIO SIDE: requests (or transactions) per second
    awk -F'\t' -v s="$1" -v d="$2" '$1 == s && $2 == d { print $4 }' "$SUMMARY"
}
column() { # column SCENARIO SIDE N
    awk -F'\t' -v s="$1" -v d="$2" -v n="$3" '$1 == s && $2 == d { print $n }' "$SUMMARY"
}
{
    echo "# tickvault rollup and as-of benchmark, $(sed -n 's/^date: //p' "$OUT/machine.txt")"
    echo
    echo "Machine: $(sed -n 's/^cpus: //p' "$OUT/machine.txt") CPUs, $(sed -n 's/^memory: //p' "$OUT/machine.txt"); load before the run: $(sed -n 's/^load before: //p' "$OUT/machine.txt")."
    echo "$(sed -n 's/^postgresql: //p' "$OUT/machine.txt"), $BARS bars of 1m (50 symbols, 2023); $CONNECTIONS connections each side, ${DURATION} s after a ${WARMUP} s warm-up; commit $(sed -n 's/^git: //p' "$OUT/machine.txt")."
    echo "The refresh job had aggregated the year into the 1m/1d rollup $BUILD_MS ms after its PUT."
    echo
    echo "| scenario | tickvault req/s | p50 / p99 ms | rows/s | PostgreSQL tx/s | rows/s | tickvault / PostgreSQL | non-2xx |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for s in resample_raw resample_rollup asof; do
        per=$BUCKETS
        [[ $s != asof ]] || per=$POINTS
        awk -v s="$s" -v a="$(rate "$s" tickvault)" -v b="$(rate "$s" limit)" -v per="$per" \
            -v p50="$(column "$s" tickvault 5)" -v p99="$(column "$s" tickvault 6)" -v bad="$(column "$s" tickvault 7)" \
            'BEGIN { printf "| %s | %.1f | %.1f / %.1f | %.0f | %.1f | %.0f | %.2f | %d |\n",
                     s, a, p50 / 1000, p99 / 1000, a * per, b, b * per, (b > 0 ? a / b : 0), bad }'
    done
    awk -v a="$(rate resample_rollup tickvault)" -v b="$(rate resample_raw tickvault)" \
        -v c="$(rate resample_rollup limit)" -v d="$(rate resample_raw limit)" \
        'BEGIN { printf "\nResample through the rollup against the bars: %.1fx the rows/s through the API (target >= 20x), %.1fx in SQL.\n",
                 (b > 0 ? a / b : 0), (d > 0 ? c / d : 0) }'
    echo "Rows: buckets for resample ($BUCKETS a request), points for as-of ($POINTS a request). Peak RSS of tickvault: $((HWM / 1024)) MiB."
} >"$OUT/results.md"
echo >&2
cat "$OUT/results.md"
log "raw output in $OUT"
