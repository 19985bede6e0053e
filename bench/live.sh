#!/usr/bin/env bash
# tickvault live benchmark (issue 15, DESIGN 11 and 13): commit-to-client latency of the live feeds with
# LIVE_SUBSCRIBERS (1,000) Server-Sent Events streams over LIVE_SERIES (50) series while the ingest scenario
# runs, and the ingest rate with those subscribers against the same run without them.
#
#   bench/live.sh
#
# Starts a throwaway PostgreSQL cluster (track_commit_timestamp on) and the packaged application as bench/run.sh
# does, then runs ingest8 (wrk, 8 connections, 1,000-bar JSON batches over 400 symbols) once to warm the JVM up (not
# counted), then 2 x LIVE_PAIRS (3) times, without (A) and with (B) subscribers in the order ABBAAB, each on its
# own dates, each after a VACUUM (ANALYZE) and a CHECKPOINT. For each B, bench/java/LiveLatency.java opens the streams, then posts one bar to each of the
# 50 series LIVE_ROUNDS (10) times a second, one transaction a round, stamped with its send time, from the
# warm-up to the end of the measured run, and records the arrival of each event of the rounds sent during the
# latter; it exits after the run. Prints the ingest rates of every run, the ratio of the means (B over A),
# commit-to-client percentiles over every B's events (receive time minus the commit time PostgreSQL kept for
# the round's transaction), send-to-client ones (minus the send stamp), and per B the client's own figures and
# the CPU time it took during the measured run (it shares the machine with tickvault and PostgreSQL); raw
# output in bench/results/live-<stamp>/.
# Settings: BENCH_DURATION (15 s), BENCH_WARMUP (10 s), LIVE_SUBSCRIBERS, LIVE_SERIES, LIVE_ROUNDS,
# LIVE_PAIRS, LIVE_INGEST_ONLY=1 (one run without subscribers: the write path's cost, also of a build without the
# live feeds), LIVE_FANOUT_ONLY=1 (the subscribers and the writer without the ingest: the fan-out's CPU per round),
# BENCH_SKIP_BUILD=1, BENCH_JAVA_OPTS, BENCH_PG_CONF (with pg_stat_statements: bench/results/live-<stamp>/statements.txt), PG_BIN.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$ROOT/bench/results/live-$STAMP
mkdir -p "$OUT"
# The pre-built ingest bodies: enough for 200,000 rows/s (a run that exhausts them dies), as ingest8 reaches about
# half of that here; built before each of the runs.
export BENCH_INGEST_RATE=${BENCH_INGEST_RATE:-200000}
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

DURATION=${BENCH_DURATION:-15}
WARMUP=${BENCH_WARMUP:-10}
SUBSCRIBERS=${LIVE_SUBSCRIBERS:-1000}
PAIRS=${LIVE_PAIRS:-3}
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

# The commit time of each of the writer's transactions, for commit-to-client (pg_xact_commit_timestamp).
BENCH_PG_CONF="track_commit_timestamp = on"$'\n'"${BENCH_PG_CONF:-}"
start_postgres
DB_PASSWORD=$(head -c 256 /dev/urandom | tr -dc 'A-Za-z0-9' | head -c 32)
KEY="tv_benchkey_$(head -c 512 /dev/urandom | tr -dc 'A-Za-z0-9' | head -c 40)"
export TV_KEY=$KEY
APP_PORT=$(free_port)
BASE=http://127.0.0.1:$APP_PORT
sql -d postgres -c "CREATE DATABASE tickvault"
if [[ "${BENCH_PG_CONF:-}" == *pg_stat_statements* ]]; then
    sql -d tickvault -c "CREATE EXTENSION pg_stat_statements"
fi
start_app tickvault "$OUT/tickvault.log"
log "tickvault ready in $READY_MS ms on $BASE"
# The ingest runs write 2030-2033; the live writer 2035 on.
ensure_partitions tickvault 2030-01-01 2034-01-01
ensure_partitions tickvault 2035-01-01 2036-01-01

# Each run writes its own dates, two years apart (warm-up, then the measured run a year later): 2030-2043. The live
# writer writes 2045 on, a month further for each of its runs.
ensure_partitions tickvault 2030-01-01 2044-01-01
ensure_partitions tickvault 2045-01-01 2046-01-01
RUN=0

settle() {
    # Every run starts alike: the previous runs' rows vacuumed (else autovacuum does it during the next run) and a
    # checkpoint taken (else a later run pays for the one the earlier runs' WAL brought on: without this, of two
    # runs without subscribers, the second reached 0.77 of the first).
    sql -d tickvault -c "VACUUM (ANALYZE)" -c "CHECKPOINT"
}

alone_run() {
    settle
    INGEST_BASE=$((1893456000 + RUN * 63072000)) run_wrk "ingest8-alone-$PAIR" 8 bench/wrk/ingest.lua
    RUN=$((RUN + 1))
}

# One run with the subscribers: the client opens its streams, then its writer follows the run's phases
# (run_phase_hook): it writes from the warm-up on, the rounds sent during the measured run are the ones measured,
# and the client's CPU is read over the measured run. The client exits after the run: the next run without
# subscribers has none.
with_run() {
    settle
    local control=$OUT/live-control-$PAIR
    mkdir -p "$control"
    java "$ROOT/bench/java/LiveLatency.java" "$BASE" "$KEY" "$SUBSCRIBERS" "$SERIES" "$control" \
        "$ROUNDS" $((2366841600 + PAIR * 2592000)) "$OUT/events-$PAIR.txt" >"$OUT/live-$PAIR.txt" 2>&1 &
    LIVE_PID=$!
    for _ in $(seq 1 1800); do
        grep -q '^READY' "$OUT/live-$PAIR.txt" && break
        kill -0 "$LIVE_PID" 2>/dev/null || die "the live client exited (see $OUT/live-$PAIR.txt)"
        sleep 0.1
    done
    grep -q '^READY' "$OUT/live-$PAIR.txt" || die "the live client did not open its streams in 180 s"
    log "live client: $(grep '^READY' "$OUT/live-$PAIR.txt")"
    CLIENT0=0
    CLIENT1=0
    CONTROL=$control
    PHASE_HOOK=live_phase INGEST_BASE=$((1893456000 + RUN * 63072000)) run_wrk "ingest8-with-$PAIR" 8 bench/wrk/ingest.lua
    RUN=$((RUN + 1))
    wait "$LIVE_PID" || true
    LIVE_PID=
    local line
    line=$(grep '^LIVE ' "$OUT/live-$PAIR.txt" || true)
    [[ -n "$line" ]] || die "no result from the live client (see $OUT/live-$PAIR.txt)"
    echo "$line client_cpu_s=$(cpu_seconds "$CLIENT0" "$CLIENT1")" >>"$OUT/live.txt"
}

reset_statements() {
    if [[ $1 == measured && "${BENCH_PG_CONF:-}" == *pg_stat_statements* ]]; then
        sql -d tickvault -c "SELECT pg_stat_statements_reset()" >/dev/null
    fi
}

live_phase() {
    case $1 in
        measured)
            CLIENT0=$(awk '{print $14 + $15}' "/proc/$LIVE_PID/stat")
            reset_statements measured
            ;;
        done) CLIENT1=$(awk '{print $14 + $15}' "/proc/$LIVE_PID/stat" 2>/dev/null || echo "$CLIENT0") ;;
    esac
    touch "$CONTROL/$1"
}

dump_statements() {
    # Where PostgreSQL's time went during the last measured run (BENCH_PG_CONF loads pg_stat_statements).
    [[ "${BENCH_PG_CONF:-}" == *pg_stat_statements* ]] || return 0
    sql -d tickvault -c "SELECT calls, round(total_exec_time) AS exec_ms, round(total_plan_time) AS plan_ms,
        round(mean_exec_time::numeric, 3) AS mean_exec_ms, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 140) AS query
        FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT 25" >"$OUT/statements.txt" 2>&1 || true
}

PAIR=1
if [[ -n "${LIVE_INGEST_ONLY:-}" ]]; then
    alone_run
    dump_statements
    echo "ingest8 without subscribers: $(awk -F'\t' '$1 == "ingest8-alone-1" {print $4}' "$SUMMARY") requests/s (1,000 bars each)" \
        | tee "$OUT/result.txt"
    exit 0
fi

if [[ -n "${LIVE_FANOUT_ONLY:-}" ]]; then
    # The fan-out's own cost, without the ingest: the subscribers and the writer alone for the measured time, with
    # tickvault's and PostgreSQL's CPU per writer round (a round: one 50-bar POST, its events to every subscriber).
    settle
    control=$OUT/live-control-1
    mkdir -p "$control"
    java "$ROOT/bench/java/LiveLatency.java" "$BASE" "$KEY" "$SUBSCRIBERS" "$SERIES" "$control" \
        "$ROUNDS" 2366841600 "$OUT/events-1.txt" >"$OUT/live-1.txt" 2>&1 &
    LIVE_PID=$!
    for _ in $(seq 1 1800); do
        grep -q '^READY' "$OUT/live-1.txt" && break
        kill -0 "$LIVE_PID" 2>/dev/null || die "the live client exited (see $OUT/live-1.txt)"
        sleep 0.1
    done
    touch "$control/warmup"
    sleep "$WARMUP"
    touch "$control/measured"
    app0=$(app_cpu_ticks)
    sys0=$(awk '{print $15}' "/proc/$APP_PID/stat")
    pg0=$(pg_cpu_ticks)
    client0=$(awk '{print $14 + $15}' "/proc/$LIVE_PID/stat")
    sleep "$DURATION"
    app1=$(app_cpu_ticks)
    sys1=$(awk '{print $15}' "/proc/$APP_PID/stat")
    pg1=$(pg_cpu_ticks)
    client1=$(awk '{print $14 + $15}' "/proc/$LIVE_PID/stat")
    touch "$control/done"
    wait "$LIVE_PID" || true
    LIVE_PID=
    line=$(grep '^LIVE ' "$OUT/live-1.txt" || true)
    [[ -n "$line" ]] || die "no result from the live client (see $OUT/live-1.txt)"
    rounds=$(field rounds "$line")
    {
        echo "$line"
        echo "fan-out alone, $DURATION s: tickvault $(cpu_seconds "$app0" "$app1") s CPU ($(cpu_seconds "$sys0" "$sys1") s of it in the kernel), PostgreSQL $(cpu_seconds "$pg0" "$pg1") s, client $(cpu_seconds "$client0" "$client1") s; per round: tickvault $(awk -v a="$app0" -v b="$app1" -v r="$rounds" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (b - a) / hz * 1000 / r }') ms, PostgreSQL $(awk -v a="$pg0" -v b="$pg1" -v r="$rounds" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (b - a) / hz * 1000 / r }') ms"
    } | tee "$OUT/result.txt"
    exit 0
fi

# A first run, not counted, so that the first counted one does not meet a JVM still compiling the write path (in
# one run tickvault's CPU per request fell from 4.1 ms in the first run to 2.6 ms in the later ones).
settle
INGEST_BASE=$((1893456000 + RUN * 63072000)) run_wrk ingest8-jit-warm-up 8 bench/wrk/ingest.lua
RUN=$((RUN + 1))

# Runs without and with subscribers alternate, in the order ABBAAB..., so that a drift over the runs (a machine
# that gets busier, tables that grow) weighs on both sides alike.
: >"$OUT/live.txt"
for PAIR in $(seq 1 "$PAIRS"); do
    if ((PAIR % 2 == 1)); then
        alone_run
        with_run
    else
        with_run
        alone_run
    fi
done
dump_statements

# Commit-to-client: every round of the writer is one statement and transaction, so its 50 bars share its commit
# time, which PostgreSQL kept (track_commit_timestamp, set for this cluster); the events' receive times minus it.
sql -d tickvault -At -F ' ' -c "SELECT trade_count,
        (extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000000)::bigint
    FROM market_data.ohlcv WHERE symbol = 'LIVE0' AND timeframe = '1m' AND ts >= timestamptz '2045-01-01'" \
    >"$OUT/commits.txt"
pct() { # pct FILE: p50, p99 and max of the sorted numbers (µs) in FILE, in ms
    sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR == 0) { print "- / - / -"; exit }
        i50 = int(NR * 0.50 + 0.999999); i99 = int(NR * 0.99 + 0.999999);
        printf "%.1f / %.1f / %.1f", v[i50] / 1000, v[i99] / 1000, v[NR] / 1000 }'
}
: >"$OUT/commit-to-client.txt"
: >"$OUT/send-to-client.txt"
cat "$OUT"/events-*.txt | awk -v c="$OUT/commit-to-client.txt" -v s="$OUT/send-to-client.txt" '
    NR == FNR { commit[$1] = $2; next }
    ($1 in commit) { print $2 - commit[$1] > c }
    { print $2 - $1 > s }' "$OUT/commits.txt" -
# The round's own path: send to commit (the request and the statement) and commit to answer (the WAL flush the
# commit waits for, then the answer); an event cannot reach a subscriber before its commit is flushed.
: >"$OUT/send-to-commit.txt"
: >"$OUT/commit-to-answer.txt"
cat "$OUT"/events-*.txt.posts | awk -v sc="$OUT/send-to-commit.txt" -v ca="$OUT/commit-to-answer.txt" '
    NR == FNR { commit[$1] = $2; next }
    ($1 in commit) { print commit[$1] - $1 > sc; print $2 - commit[$1] > ca }' "$OUT/commits.txt" -
alone=$(awk -F'\t' '$1 ~ /^ingest8-alone-/ {s += $4; n++} END {printf "%.1f", s / n}' "$SUMMARY")
with=$(awk -F'\t' '$1 ~ /^ingest8-with-/ {s += $4; n++} END {printf "%.1f", s / n}' "$SUMMARY")
{
    echo "ingest8 without subscribers, each run: $(awk -F'\t' '$1 ~ /^ingest8-alone-/ {printf "%s ", $4}' "$SUMMARY")requests/s (1,000 bars each); mean $alone"
    echo "ingest8 with $SUBSCRIBERS subscribers, each run: $(awk -F'\t' '$1 ~ /^ingest8-with-/ {printf "%s ", $4}' "$SUMMARY")requests/s; mean $with"
    echo "ratio of the means: $(awk -v a="$alone" -v w="$with" 'BEGIN { printf "%.3f", (a > 0 ? w / a : 0) }')"
    echo "commit-to-client p50 / p99 / max (ms), every run's events: $(pct "$OUT/commit-to-client.txt") ($(grep -c . "$OUT/commit-to-client.txt") events)"
    echo "send-to-client p50 / p99 / max (ms): $(pct "$OUT/send-to-client.txt")"
    echo "the writer's rounds, send-to-commit p50 / p99 / max (ms): $(pct "$OUT/send-to-commit.txt"); commit-to-answer: $(pct "$OUT/commit-to-answer.txt")"
    cat "$OUT/live.txt"
} | tee "$OUT/result.txt"
