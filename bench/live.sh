#!/usr/bin/env bash
# tickvault live benchmark (issue 15, DESIGN 11 and 13): commit-to-client latency of the live feeds with
# LIVE_SUBSCRIBERS (1,000) Server-Sent Events streams over LIVE_SERIES (50) series while the ingest scenario
# runs, and the ingest rate with those subscribers against the same run without them.
#
#   bench/live.sh
#
# Starts a throwaway PostgreSQL cluster and the packaged application as bench/run.sh does, then:
#  1. ingest8 (wrk, 8 connections, 1,000-bar batches over 400 symbols) without subscribers;
#  2. bench/java/LiveLatency.java opens the streams, then posts one bar to each of the 50 series
#     LIVE_ROUNDS (10) times a second, stamped with its send time, and measures each event's arrival; while it
#     runs, ingest8 again, on other dates.
# Prints both ingest rates, their ratio, the latency percentiles and the CPU time the live client itself took
# during the second ingest run (it shares the machine with tickvault and PostgreSQL); raw output in
# bench/results/live-<stamp>/.
# Settings: BENCH_DURATION (15 s), BENCH_WARMUP (10 s), LIVE_SUBSCRIBERS, LIVE_SERIES, LIVE_ROUNDS,
# LIVE_INGEST_ONLY=1 (phase 1 alone: the write path's cost, also of a build without the live feeds),
# BENCH_SKIP_BUILD=1, BENCH_JAVA_OPTS, PG_BIN.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$ROOT/bench/results/live-$STAMP
mkdir -p "$OUT"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

DURATION=${BENCH_DURATION:-15}
WARMUP=${BENCH_WARMUP:-10}
SUBSCRIBERS=${LIVE_SUBSCRIBERS:-1000}
SERIES=${LIVE_SERIES:-50}
ROUNDS=${LIVE_ROUNDS:-10}
# tickvault starts as users start it, through its launcher (target/quarkus-app/tickvault: the tuned JVM options
# and the class-data archive); BENCH_JAVA_OPTS adds JVM options after them (JAVA_OPTS of the launcher).
JAVA_OPTS=${BENCH_JAVA_OPTS:-}
SUMMARY=$OUT/summary.tsv
: >"$SUMMARY"

APP_PID=
SAMPLER_PID=
LIVE_PID=
cleanup() {
    [[ -z "$LIVE_PID" ]] || kill "$LIVE_PID" 2>/dev/null || true
    [[ -z "$SAMPLER_PID" ]] || kill "$SAMPLER_PID" 2>/dev/null || true
    stop_app
    stop_postgres
}
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)"

ensure_tools
if [[ -z "${BENCH_SKIP_BUILD:-}" || ! -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]]; then
    log "building the packaged application (./mvnw -B package -DskipTests)"
    "$ROOT/mvnw" -B -q package -DskipTests >"$OUT/build.log" 2>&1 || die "build failed (see $OUT/build.log)"
fi
APP_MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "cpus: $(nproc); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (modified)')"
    echo "jvm options: $(jvm_options); subscribers $SUBSCRIBERS over $SERIES series, $ROUNDS rounds/s"
} >"$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

start_postgres
DB_PASSWORD=$(head -c 256 /dev/urandom | tr -dc 'A-Za-z0-9' | head -c 32)
KEY="tv_benchkey_$(head -c 512 /dev/urandom | tr -dc 'A-Za-z0-9' | head -c 40)"
export TV_KEY=$KEY
APP_PORT=$(free_port)
BASE=http://127.0.0.1:$APP_PORT
sql -d postgres -c "CREATE DATABASE tickvault"
start_app tickvault "$OUT/tickvault.log"
log "tickvault ready in $READY_MS ms on $BASE"
# The ingest runs write 2030-2033; the live writer 2035 on.
ensure_partitions tickvault 2030-01-01 2034-01-01
ensure_partitions tickvault 2035-01-01 2036-01-01

INGEST_BASE=1893456000 run_wrk ingest8-alone 8 bench/wrk/ingest.lua
if [[ -n "${LIVE_INGEST_ONLY:-}" ]]; then
    echo "ingest8 without subscribers: $(awk -F'\t' '$1 == "ingest8-alone" {print $4}' "$SUMMARY") requests/s (1,000 bars each)" \
        | tee "$OUT/result.txt"
    exit 0
fi

java "$ROOT/bench/java/LiveLatency.java" "$BASE" "$KEY" "$SUBSCRIBERS" "$SERIES" $((WARMUP + DURATION + 5)) \
    "$ROUNDS" 2051222400 >"$OUT/live.txt" 2>&1 &
LIVE_PID=$!
for _ in $(seq 1 1800); do
    grep -q '^READY' "$OUT/live.txt" && break
    kill -0 "$LIVE_PID" 2>/dev/null || die "the live client exited (see $OUT/live.txt)"
    sleep 0.1
done
grep -q '^READY' "$OUT/live.txt" || die "the live client did not open its streams in 180 s"
log "live client: $(grep '^READY' "$OUT/live.txt")"
client0=$(awk '{print $14 + $15}' "/proc/$LIVE_PID/stat")
INGEST_BASE=1956528000 run_wrk ingest8-with-subscribers 8 bench/wrk/ingest.lua
client1=$(awk '{print $14 + $15}' "/proc/$LIVE_PID/stat" 2>/dev/null || echo "$client0")
wait "$LIVE_PID" || true
LIVE_PID=
live=$(grep '^LIVE ' "$OUT/live.txt" || true)
[[ -n "$live" ]] || die "no result from the live client (see $OUT/live.txt)"
alone=$(awk -F'\t' '$1 == "ingest8-alone" {print $4}' "$SUMMARY")
with=$(awk -F'\t' '$1 == "ingest8-with-subscribers" {print $4}' "$SUMMARY")
{
    echo "ingest8 without subscribers: $alone requests/s (1,000 bars each)"
    echo "ingest8 with $SUBSCRIBERS subscribers: $with requests/s"
    echo "ratio: $(awk -v a="$alone" -v w="$with" 'BEGIN { printf "%.3f", (a > 0 ? w / a : 0) }')"
    echo "$live"
    echo "live client CPU during the second ingest run: $(cpu_seconds "$client0" "$client1") s"
} | tee "$OUT/result.txt"
