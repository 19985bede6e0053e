#!/usr/bin/env bash
# tickvault read-replica benchmark (issue 18, README "Scaling out"): what routing reads to a streaming replica
# costs, in one run on one machine, where the primary and the replica share the cores.
#
#   bench/replica.sh
#
# Starts a throwaway primary (fsync on, as bench/run.sh) and a streaming replica made from it with
# pg_basebackup -R, loads the real S&P 500 file through the API and the 2,160,000 generated 1m bars of
# bench/sql/generate.sql, waits until the replica has replayed them, then runs the routed reads of bench/run.sh
# (latest at 64 connections, a page of 100 bars at 64) against tickvault twice over, in the order A B B A:
# A without a replica (every read on the primary), B with TICKVAULT_READ_REPLICA_URLS naming the replica
# (reads on the replica while its lag stays under tickvault.replicas.max-lag). The same SQL goes through
# pgbench -M prepared straight to the primary and straight to the replica: PostgreSQL's own limit on each.
# The point is no loss, not a gain: on two shared cores a second server adds no capacity. Prints one table;
# raw output in bench/results/replica-<UTC timestamp>/.
#
# Settings (environment): BENCH_DURATION (15 s per run), BENCH_WARMUP (10 s before each), BENCH_JAVA_OPTS,
# BENCH_SCENARIOS ("latest64 range64"), BENCH_SKIP_BUILD=1, BENCH_KEEP=1, PG_BIN.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$ROOT/bench/results/replica-$STAMP
mkdir -p "$OUT/pgbench"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

DURATION=${BENCH_DURATION:-15}
WARMUP=${BENCH_WARMUP:-10}
SCENARIOS=${BENCH_SCENARIOS:-"latest64 range64"}
# tickvault starts as users start it, through its launcher (target/quarkus-app/tickvault: the tuned JVM options
# and the class-data archive); BENCH_JAVA_OPTS adds JVM options after them (JAVA_OPTS of the launcher).
JAVA_OPTS=${BENCH_JAVA_OPTS:-}

APP_PID=
SAMPLER_PID=
REPDIR=
cleanup() {
    [[ -z "$SAMPLER_PID" ]] || kill "$SAMPLER_PID" 2>/dev/null || true
    stop_app
    stop_replica
    stop_postgres
}
trap cleanup EXIT

# A streaming replica of the running primary on its own port: pg_basebackup -R writes primary_conninfo and
# standby.signal; hot_standby is on by default, so it answers reads as it replays.
start_replica() {
    REPDIR=$(mktemp -d "${TMPDIR:-/tmp}/tickvault-bench-replica.XXXXXX")
    chmod 755 "$REPDIR"
    REPDATA=$REPDIR/data
    REPPORT=$(free_port)
    [[ ${#PG_AS[@]} -eq 0 ]] || chown postgres: "$REPDIR"
    "${PG_AS[@]}" "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PGPORT" -U postgres -D "$REPDATA" -R -X stream -c fast \
        >"$OUT/basebackup.log" 2>&1 || die "pg_basebackup failed (see $OUT/basebackup.log)"
    cat >>"$REPDATA/postgresql.conf" <<EOF
# The replica: the primary's settings (copied by pg_basebackup), its own port and socket directory.
port = $REPPORT
unix_socket_directories = '$REPDIR'
EOF
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$REPDATA" -l "$REPDIR/postgres.log" -w -t 60 start >>"$OUT/run.log" 2>&1 \
        || die "the replica did not start (see $REPDIR/postgres.log)"
    log "replica on 127.0.0.1:$REPPORT, data in $REPDATA ($(sql_replica -At -c 'SELECT pg_is_in_recovery()') in recovery)"
}

stop_replica() {
    if [[ -n "${REPDATA:-}" && -d "$REPDATA" ]]; then
        cp "$REPDIR/postgres.log" "$OUT/replica-postgres.log" 2>/dev/null || true
        "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$REPDATA" -m fast -w stop >/dev/null 2>&1 || true
        if [[ -z "${BENCH_KEEP:-}" ]]; then
            rm -rf "$REPDIR"
        fi
    fi
}

sql_replica() {
    "$PSQL" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$REPPORT" -U postgres -d tickvault "$@"
}

# PostgreSQL's CPU is both servers' while both run: the replica replays and answers reads on the same cores.
primary_cpu_ticks() {
    cluster_cpu_ticks "$PGDATA"
}
cluster_cpu_ticks() {
    local pm children own
    pm=$(head -n 1 "$1/postmaster.pid")
    children=$(for pid in $(pgrep -P "$pm"); do cat "/proc/$pid/stat" 2>/dev/null; done | awk '{s += $14 + $15} END {print s + 0}')
    own=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat")
    echo $((children + own))
}
pg_cpu_ticks() {
    local total
    total=$(primary_cpu_ticks)
    if [[ -n "${REPDATA:-}" && -f "$REPDATA/postmaster.pid" ]]; then
        total=$((total + $(cluster_cpu_ticks "$REPDATA")))
    fi
    echo "$total"
}

ensure_tools
if [[ -z "${BENCH_SKIP_BUILD:-}" || ! -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]]; then
    log "building the packaged application (./mvnw -B package -DskipTests)"
    "$ROOT/mvnw" -B -q package -DskipTests >"$OUT/build.log" 2>&1 \
        || die "build failed (see $OUT/build.log)"
fi
APP_MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "cpus: $(nproc) ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo))"
    echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "java: $(java -version 2>&1 | head -n 1)"
    echo "postgresql: $("$PG_BIN/postgres" --version)"
    echo "wrk: $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)"
    echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (modified)')"
    echo "jvm options: $(jvm_options) (MALLOC_ARENA_MAX=$APP_MALLOC_ARENA_MAX)"
} >"$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

start_postgres
DB_PASSWORD=$(head -c 256 /dev/urandom | tr -dc 'A-Za-z0-9' | head -c 32)
KEY="tv_benchkey_$(head -c 512 /dev/urandom | tr -dc 'A-Za-z0-9' | head -c 40)"
export TV_KEY=$KEY
APP_PORT=$(free_port)
BASE=http://127.0.0.1:$APP_PORT

# --- Data on the primary, then the replica made from it, then the replica caught up ------------------------
sql -d postgres -c "CREATE DATABASE tickvault"
start_app tickvault "$OUT/load.log"
curl -sf -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: text/csv' \
    --data-binary @"$ROOT/src/main/resources/sample-data/sp500-2000.csv" \
    "$BASE/api/v1/bars?symbol=%5EGSPC&timeframe=1d" >"$OUT/load-sp500.json" || die "loading the S&P 500 file failed"
stop_app
sql -d tickvault -f "$ROOT/bench/sql/generate.sql" >"$OUT/generate.log" 2>&1 || die "generating bars failed (see $OUT/generate.log)"
sql -d tickvault -c "VACUUM (ANALYZE) market_data.ohlcv" -c "VACUUM (ANALYZE) market_data.series"
start_replica
target=$(sql -d tickvault -At -c "SELECT pg_current_wal_flush_lsn()")
for _ in $(seq 1 600); do
    [[ "$(sql_replica -At -c "SELECT pg_last_wal_replay_lsn() >= '$target'::pg_lsn")" == t ]] && break
    sleep 0.1
done
log "bars on the primary: $(sql -d tickvault -At -c "SELECT count(*) FROM market_data.ohlcv"); on the replica: $(sql_replica -At -c "SELECT count(*) FROM market_data.ohlcv") (replayed to $(sql_replica -At -c 'SELECT pg_last_wal_replay_lsn()'))"

SUMMARY=$OUT/summary.tsv
printf 'scenario\tside\tconnections\trps\tp50_us\tp99_us\tnon2xx\terrors\tpeak_rss_kib\tapp_cpu_s\tpg_cpu_s\trequests\n' >"$SUMMARY"
script_of() {
    case $1 in
    latest64) echo bench/wrk/latest.lua ;;
    range64) echo bench/wrk/range.lua ;;
    *) die "unknown scenario $1" ;;
    esac
}

# One round of every scenario against tickvault, with or without the replica; the summary's side names it.
round() {
    local label=$1 with_replica=$2 scenario side reads
    if [[ $with_replica == yes ]]; then
        export TICKVAULT_READ_REPLICA_URLS="postgresql://postgres:$DB_PASSWORD@127.0.0.1:$REPPORT/tickvault"
    else
        unset TICKVAULT_READ_REPLICA_URLS
    fi
    start_app tickvault "$OUT/tickvault-$label.log"
    if [[ $with_replica == yes ]]; then
        for _ in $(seq 1 100); do
            curl -s "$BASE/q/health/group/database" | grep -q '"replica 127.0.0.1:'"$REPPORT"' state" *: *"usable"' && break
            sleep 0.1
        done
    fi
    if [[ $with_replica == yes ]]; then side="reads on the replica"; else side="primary only"; fi
    log "round $label: tickvault, $side, ready in $READY_MS ms"
    for scenario in $SCENARIOS; do
        run_wrk "$scenario.$label" 64 "$(script_of "$scenario")"
    done
    reads=$(curl -s "$BASE/q/metrics" | grep '^tickvault_reads_total' | tr '\n' ' ')
    log "round $label: $reads"
    echo "$label $reads" >>"$OUT/reads.txt"
    stop_app
    unset TICKVAULT_READ_REPLICA_URLS
}

round A1 no
round B1 yes
round B2 yes
round A2 no

for scenario in $SCENARIOS; do
    case $scenario in
    latest64) files=(bench/pgbench/latest_syn.sql@50 bench/pgbench/latest_gspc.sql@1) ;;
    range64) files=(bench/pgbench/range.sql) ;;
    esac
    run_pgbench "$scenario.primary" 64 "${files[@]}"
    saved=$PGPORT
    PGPORT=$REPPORT run_pgbench "$scenario.replica" 64 "${files[@]}"
    PGPORT=$saved
done

# --- The table ----------------------------------------------------------------------------------------------
{
    echo "# tickvault read-replica benchmark, $(sed -n 's/^date: //p' "$OUT/machine.txt")"
    echo
    echo "Machine: $(sed -n 's/^cpus: //p' "$OUT/machine.txt") CPUs, $(sed -n 's/^memory: //p' "$OUT/machine.txt"); load before the run: $(sed -n 's/^load before: //p' "$OUT/machine.txt")."
    echo "$(sed -n 's/^postgresql: //p' "$OUT/machine.txt") primary (fsync on) and a streaming replica on the same machine; wrk -t1 and pgbench -j 1, 64 connections, ${DURATION} s per run after a ${WARMUP} s warm-up; rounds A1 B1 B2 A2; commit $(sed -n 's/^git: //p' "$OUT/machine.txt")."
    echo
    awk -F'\t' '
        NR == 1 { next }
        {
            split($1, part, ".")
            s = part[1]; r = part[2]
            if (!(s in seen)) { seen[s] = 1; order[++n] = s }
            if (r ~ /^A/) { a[s] += $4; an[s]++; acpu[s] += $10 + $11; areq[s] += $12 }
            else if (r ~ /^B/) { b[s] += $4; bn[s]++; bcpu[s] += $10 + $11; breq[s] += $12 }
            else if (r == "primary") { lp[s] = $4 }
            else if (r == "replica") { lr[s] = $4 }
            runs[s] = runs[s] sprintf(" %s %.0f", r, $4)
        }
        END {
            print "| scenario | tickvault, primary only (req/s) | tickvault, reads on the replica (req/s) | with / without | PostgreSQL on the primary (tx/s) | PostgreSQL on the replica (tx/s) | without / primary limit | with / replica limit | CPU per request without / with (µs, tickvault + PostgreSQL) |"
            print "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
            for (i = 1; i <= n; i++) {
                s = order[i]
                ma = a[s] / an[s]; mb = b[s] / bn[s]
                printf "| %s | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f | %.2f | %.0f / %.0f |\n", s, ma, mb, mb / ma, lp[s], lr[s], ma / lp[s], mb / lr[s], 1e6 * acpu[s] / areq[s], 1e6 * bcpu[s] / breq[s]
            }
            print ""
            print "Each run (req/s or tx/s):"
            for (i = 1; i <= n; i++) print "- " order[i] ":" runs[order[i]]
        }' "$SUMMARY"
    echo
    echo "Reads counted by tickvault_reads_total{target} at the end of each round:"
    sed 's/^/- /' "$OUT/reads.txt"
} >"$OUT/results.md"
echo >&2
cat "$OUT/results.md"
log "raw output in $OUT"
