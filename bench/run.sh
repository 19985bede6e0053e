#!/usr/bin/env bash
# tickvault benchmark (DESIGN 13): tickvault against PostgreSQL's own limit, in one run.
#
#   bench/run.sh
#
# Builds the packaged application (unless BENCH_SKIP_BUILD=1), starts a throwaway PostgreSQL cluster
# (fsync on) on a free loopback port, measures start-to-ready on an empty database, loads the real
# S&P 500 file through the API and 2,160,000 generated 1-minute bars (50 series, April 2020), then runs each scenario with wrk
# (one thread) against tickvault and the same work with pgbench -M prepared (or COPY) against
# PostgreSQL, and prints one table. Raw output goes to bench/results/<UTC timestamp>/.
#
# Settings (environment): BENCH_DURATION (15 s per scenario), BENCH_WARMUP (10 s before each),
# BENCH_IDLE (10000 idle connections), BENCH_JAVA_OPTS (JVM options added to the launcher's),
# BENCH_JVM_WARMUP (30 s before the first scenario), BENCH_SCENARIOS (a subset, e.g. "latest64 ingest8"), BENCH_SKIP_BUILD=1, BENCH_KEEP=1 (keep the
# cluster's directory), PG_BIN (PostgreSQL's bin directory).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$ROOT/bench/results/$STAMP
mkdir -p "$OUT/pgbench"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

DURATION=${BENCH_DURATION:-15}
WARMUP=${BENCH_WARMUP:-10}
IDLE=${BENCH_IDLE:-10000}
SCENARIOS=${BENCH_SCENARIOS:-"latest64 latest256 range64 ingest8 ingest_arrow8 decisions64 export_arrow export_csv panel_month idle"}
# tickvault starts as users start it, through its launcher (target/quarkus-app/tickvault: the tuned JVM options
# and the class-data archive); BENCH_JAVA_OPTS adds JVM options after them (JAVA_OPTS of the launcher).
JAVA_OPTS=${BENCH_JAVA_OPTS:-}

APP_PID=
IDLE_PID=
SAMPLER_PID=
cleanup() {
    [[ -z "$SAMPLER_PID" ]] || kill "$SAMPLER_PID" 2>/dev/null || true
    [[ -z "$IDLE_PID" ]] || kill "$IDLE_PID" 2>/dev/null || true
    stop_app
    stop_postgres
}
trap cleanup EXIT

# Sockets for the idle connections: the shell's children inherit the limit.
hard=$(ulimit -Hn)
if [[ "$hard" != unlimited && "$hard" -lt $((IDLE + 2000)) ]]; then
    log "the open-files limit is $hard: holding $((hard - 2000)) idle connections instead of $IDLE"
    IDLE=$((hard - 2000))
fi
ulimit -n "$hard"

ensure_tools

if [[ -z "${BENCH_SKIP_BUILD:-}" || ! -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]]; then
    log "building the packaged application (./mvnw -B package -DskipTests)"
    "$ROOT/mvnw" -B -q package -DskipTests >"$OUT/build.log" 2>&1 \
        || die "build failed (see $OUT/build.log)"
fi
APP_MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
describe_machine
PG_JDBC=$(ls "$ROOT"/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar | head -n 1)

start_postgres
DB_PASSWORD=$(head -c 256 /dev/urandom | tr -dc 'A-Za-z0-9' | head -c 32)
KEY="tv_benchkey_$(head -c 512 /dev/urandom | tr -dc 'A-Za-z0-9' | head -c 40)"
export TV_KEY=$KEY
APP_PORT=$(free_port)
BASE=http://127.0.0.1:$APP_PORT

# --- Start to ready on an empty database (migrations included), three times ---------------------------------
READY=()
for i in 1 2 3; do
    sql -d postgres -c "CREATE DATABASE boot$i"
    start_app "boot$i" "$OUT/boot$i.log"
    READY+=("$READY_MS")
    log "start to ready on an empty database: $READY_MS ms ($(grep -o 'started in [0-9.]*s' "$OUT/boot$i.log" || true))"
    stop_app
    sql -d postgres -c "DROP DATABASE boot$i"
done
READY_MEDIAN=$(printf '%s\n' "${READY[@]}" | sort -n | sed -n 2p)

# --- Data: the real S&P 500 file through the API, then 2,160,000 generated 1m bars ---------------
sql -d postgres -c "CREATE DATABASE tickvault"
start_app tickvault "$OUT/tickvault.log"
log "tickvault pid $APP_PID ready in $READY_MS ms on http://127.0.0.1:$APP_PORT; JVM options: $(jvm_options)"
curl -sf -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: text/csv' \
    --data-binary @"$ROOT/src/main/resources/sample-data/sp500-2000.csv" \
    "$BASE/api/v1/bars?symbol=%5EGSPC&timeframe=1d" >"$OUT/load-sp500.json" || die "loading the S&P 500 file failed"
log "S&P 500 daily bars through POST /api/v1/bars: $(cat "$OUT/load-sp500.json")"
t0=$(date +%s)
sql -d tickvault -f "$ROOT/bench/sql/generate.sql" >"$OUT/generate.log" 2>&1 || die "generating bars failed (see $OUT/generate.log)"
log "generated bars: $(sql -d tickvault -At -c "SELECT count(*) FROM market_data.ohlcv WHERE timeframe = '1m'") rows of 1m in $(($(date +%s) - t0)) s"
curl -sf -H "Authorization: Bearer $KEY" "$BASE/api/v1/bars/SYN00/latest?timeframe=1m" >"$OUT/sample-latest.json" \
    || die "GET latest failed after the load"
# The ingest scenarios write a few days from 2030-01-01 (tickvault's warm-up), 2031-01-01 (its measured run)
# and 2032-01-01 (COPY): those months' partitions exist beforehand, as the maintenance job keeps the coming
# months ready, so neither side makes partitions while measured.
for month in 2030-01-01 2031-01-01 2032-01-01; do
    ensure_partitions tickvault "$month" "$(date -u -d "$month + 2 months" +%F)"
done

# The JVM's warm-up before anything is measured, besides each scenario's own: BENCH_JVM_WARMUP seconds (30) over
# the latest-bar, range-page and decision paths, so that the first scenario does not meet code still interpreted.
JVM_WARMUP=${BENCH_JVM_WARMUP:-30}
if ((JVM_WARMUP > 0)); then
    log "JVM warm-up: ${JVM_WARMUP} s over latest, range and decisions (not measured)"
    for script in latest range decisions; do
        wrk -t1 -c16 -d"$((JVM_WARMUP / 3))s" --timeout 10s -s "bench/wrk/$script.lua" "$BASE" \
            >"$OUT/jvm-warmup-$script.txt" 2>&1 || true
    done
fi

# --- Runners ------------------------------------------------------------------------------------------------
SUMMARY=$OUT/summary.tsv
printf 'scenario\tside\tconnections\trps\tp50_us\tp99_us\tnon2xx\terrors\tpeak_rss_kib\tapp_cpu_s\tpg_cpu_s\trequests\n' >"$SUMMARY"

# --- Scenarios ----------------------------------------------------------------------------------------------
for scenario in $SCENARIOS; do
    case $scenario in
    latest64)
        run_wrk latest64 64 bench/wrk/latest.lua
        run_pgbench latest64 64 bench/pgbench/latest_syn.sql@50 bench/pgbench/latest_gspc.sql@1
        ;;
    latest256)
        run_wrk latest256 256 bench/wrk/latest.lua
        run_pgbench latest256 256 bench/pgbench/latest_syn.sql@50 bench/pgbench/latest_gspc.sql@1
        ;;
    range64)
        run_wrk range64 64 bench/wrk/range.lua
        run_pgbench range64 64 bench/pgbench/range.sql
        ;;
    ingest8)
        run_wrk ingest8 8 bench/wrk/ingest.lua
        run_copy ingest8 8
        ;;
    ingest_arrow8)
        # 10,000-bar Arrow IPC streams (DESIGN 9's columns), other symbols than ingest8's on both sides.
        INGEST_FORMAT=arrow INGEST_ROWS=10000 INGEST_PREFIX=ARW INGEST_TYPE=application/vnd.apache.arrow.stream \
            run_wrk ingest_arrow8 8 bench/wrk/ingest.lua
        run_copy ingest_arrow8 8 10000 CPA
        ;;
    decisions64)
        run_wrk decisions64 64 bench/wrk/decisions.lua
        run_pgbench decisions64 64 bench/pgbench/decisions.sql
        ;;
    export_arrow)
        # The first 1,000,000 generated bars (the panel of their 50 series) as Arrow, against COPY TO STDOUT.
        run_export export_arrow application/vnd.apache.arrow.stream
        run_copy_out export_arrow
        ;;
    export_csv)
        run_export export_csv text/csv
        run_copy_out export_csv
        ;;
    panel_month)
        # The 50 series over the whole of April 2020 (2,160,000 bars) as Arrow, against COPY TO STDOUT.
        run_export panel_month application/vnd.apache.arrow.stream "$MONTH_RANGE" "$MONTH_ROWS"
        run_copy_out panel_month "$ROOT/bench/sql/panel_month.sql"
        ;;
    idle)
        # $IDLE idle keep-alive connections held while the latest-bar scenario runs at 64 connections.
        log "idle: opening $IDLE keep-alive connections"
        rm -f "$OUT/idle.stop" "$OUT/idle.ready"
        java -Xmx256m "$ROOT/bench/java/IdleConnections.java" 127.0.0.1 "$APP_PORT" "$IDLE" \
            "/api/v1/bars/SYN00/latest?timeframe=1m" "$KEY" "$OUT/idle.stop" "$OUT/idle.ready" >"$OUT/idle.txt" 2>&1 &
        IDLE_PID=$!
        for _ in $(seq 1 600); do
            [[ -f "$OUT/idle.ready" ]] && break
            kill -0 "$IDLE_PID" 2>/dev/null || die "the idle-connection client stopped (see $OUT/idle.txt)"
            sleep 0.2
        done
        [[ -f "$OUT/idle.ready" ]] || die "the idle connections were not open after 120 s"
        log "idle: $(head -n 1 "$OUT/idle.txt")"
        run_wrk "idle$IDLE+latest64" 64 bench/wrk/latest.lua
        touch "$OUT/idle.stop"
        wait "$IDLE_PID" || true
        IDLE_PID=
        idle_line=$(grep '^BENCH_IDLE ' "$OUT/idle.txt" || echo "BENCH_IDLE failed")
        log "idle: $idle_line"
        ;;
    *) die "unknown scenario $scenario" ;;
    esac
done

HWM=$(app_hwm_kib)
stop_app
log "tickvault peak RSS over the whole run (VmHWM): $((HWM / 1024)) MiB"

# --- The table ----------------------------------------------------------------------------------------------
{
    echo "# tickvault benchmark, $(sed -n 's/^date: //p' "$OUT/machine.txt")"
    echo
    echo "Machine: $(sed -n 's/^cpus: //p' "$OUT/machine.txt") CPUs, $(sed -n 's/^memory: //p' "$OUT/machine.txt"); load before the run: $(sed -n 's/^load before: //p' "$OUT/machine.txt")."
    echo "$(sed -n 's/^postgresql: //p' "$OUT/machine.txt") (fsync on), wrk -t1, ${DURATION} s per scenario after a ${WARMUP} s warm-up."
    echo "JVM options: \`$(jvm_options)\`, MALLOC_ARENA_MAX=$APP_MALLOC_ARENA_MAX; commit $(sed -n 's/^git: //p' "$OUT/machine.txt")."
    echo
    awk -v idle="${idle_line:-}" -v idlecount="$IDLE" -f "$ROOT/bench/tables.awk" "$SUMMARY"
    echo
    [[ -z "${idle_line:-}" ]] || echo "Idle connections: ${idle_line#BENCH_IDLE }."
    echo "Peak RSS of tickvault over the whole run (VmHWM): $((HWM / 1024)) MiB (target <= 256 MiB: $([[ $HWM -le 262144 ]] && echo met || echo 'not met'))."
    echo "Start to ready on an empty database, migrations included: median ${READY_MEDIAN} ms of ${READY[*]} ms (target < 3000 ms: $([[ $READY_MEDIAN -lt 3000 ]] && echo met || echo 'not met'))."
} >"$OUT/results.md"
echo >&2
cat "$OUT/results.md"
log "raw output in $OUT"
