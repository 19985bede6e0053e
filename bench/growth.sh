#!/usr/bin/env bash
# tickvault growth benchmark (DESIGN 13, "growth"): the same scenarios as bench/run.sh at 1,000,000,
# 10,000,000 and 100,000,000 generated 1m bars, each against PostgreSQL's own limit in the same run, so that
# the ratios at each size can be compared: cost should stay flat as the store grows.
#
#   bench/growth.sh
#
# One throwaway PostgreSQL cluster (fsync on) and the packaged application, as bench/run.sh starts them. The
# real S&P 500 file goes in through the API (it shapes the generated bars); then, stage by stage, 500 series
# (G000 .. G499) of 1m bars, every minute from 2021-01-01T00:00:00Z, grow to the stage's size
# (bench/java/GenerateBars.java: COPY, fixed seed, each series continuing where it stopped), and at each size:
# latest at 64 and 256 connections, a page of 100 at 64, POST /bars of 1,000-bar batches at 8 (into coming
# months, against COPY of the same rows), and a CSV export of a series' newest 2,000 bars at 8 (against
# pgbench fetching the same rows), with the table and index sizes. Prints one table; raw output in
# bench/results/growth-<UTC timestamp>/.
#
# Settings (environment): GROWTH_SIZES (rows, default "1000000 10000000 100000000"), GROWTH_SYMBOLS (500),
# BENCH_DURATION (15 s per scenario), BENCH_WARMUP (10 s before each), BENCH_JAVA_OPTS, BENCH_SKIP_BUILD=1,
# BENCH_KEEP=1, PG_BIN. Disk: about 22 GB at 100,000,000 bars (the table, its index and WAL); time: about
# 36 minutes on 2 cores (README, "Growth").
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$ROOT/bench/results/growth-$STAMP
mkdir -p "$OUT/pgbench"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

DURATION=${BENCH_DURATION:-15}
WARMUP=${BENCH_WARMUP:-10}
SIZES=${GROWTH_SIZES:-"1000000 10000000 100000000"}
SYMBOLS=${GROWTH_SYMBOLS:-500}
START=1609459200 # 2021-01-01T00:00:00Z
# tickvault starts as users start it, through its launcher (target/quarkus-app/tickvault: the tuned JVM options
# and the class-data archive); BENCH_JAVA_OPTS adds JVM options after them (JAVA_OPTS of the launcher).
JAVA_OPTS=${BENCH_JAVA_OPTS:-}

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
    "$ROOT/mvnw" -B -q package -DskipTests >"$OUT/build.log" 2>&1 \
        || die "build failed (see $OUT/build.log)"
fi
APP_MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "cpus: $(nproc) ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo))"
    echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "postgresql: $("$PG_BIN/postgres" --version)"
    echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (modified)')"
    echo "jvm options: $(jvm_options) (MALLOC_ARENA_MAX=$APP_MALLOC_ARENA_MAX)"
} >"$OUT/machine.txt"
cat "$OUT/machine.txt" >&2
PG_JDBC=$(ls "$ROOT"/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar | head -n 1)

start_postgres
DB_PASSWORD=$(head -c 256 /dev/urandom | tr -dc 'A-Za-z0-9' | head -c 32)
KEY="tv_benchkey_$(head -c 512 /dev/urandom | tr -dc 'A-Za-z0-9' | head -c 40)"
export TV_KEY=$KEY TV_SYMBOLS=$SYMBOLS TV_START=$START
APP_PORT=$(free_port)
BASE=http://127.0.0.1:$APP_PORT
sql -d postgres -c "CREATE DATABASE tickvault"
start_app tickvault "$OUT/tickvault.log"
log "tickvault ready in $READY_MS ms on $BASE"
curl -sf -X POST -H "Authorization: Bearer $KEY" -H 'Content-Type: text/csv' \
    --data-binary @"$ROOT/src/main/resources/sample-data/sp500-2000.csv" \
    "$BASE/api/v1/bars?symbol=%5EGSPC&timeframe=1d" >"$OUT/load-sp500.json" || die "loading the S&P 500 file failed"

SUMMARY=$OUT/summary.tsv
printf 'scenario\tside\tconnections\trps\tp50_us\tp99_us\tnon2xx\terrors\tpeak_rss_kib\tapp_cpu_s\tpg_cpu_s\trequests\n' >"$SUMMARY"
SIZES_TSV=$OUT/sizes.tsv
printf 'bars\ttable_bytes\tindex_bytes\tpartitions\tgenerate_s\tanalyze_s\n' >"$SIZES_TSV"
minutes=0
# Each stage's ingest writes after the previous stage's: tickvault from 2030-01-01 (its warm-up, then the
# measured run a year later), COPY from 2040-01-01, two years on at each stage; the partitions those writes
# need are made before each stage's ingest (as the maintenance job makes the coming months), for both sides.
ingest_base=1893456000
copy_base=2208988800
for size in $SIZES; do
    target=$((size / SYMBOLS))
    log "growing to $size bars: minutes $minutes .. $target of $SYMBOLS series"
    t0=$(date +%s)
    java -cp "$PG_JDBC" "$ROOT/bench/java/GenerateBars.java" "jdbc:postgresql://127.0.0.1:$PGPORT/tickvault?user=postgres" \
        "$SYMBOLS" G "$START" "$minutes" "$target" 20000 >"$OUT/generate-$size.txt" 2>&1 \
        || die "generating bars failed (see $OUT/generate-$size.txt)"
    t1=$(date +%s)
    # A checkpoint after the load, so that no stage measures the writing-out of the bars it has just loaded.
    sql -d tickvault -c "VACUUM (ANALYZE) market_data.ohlcv" -c "VACUUM (ANALYZE) market_data.series" -c "CHECKPOINT"
    t2=$(date +%s)
    minutes=$target
    export TV_MINUTES=$minutes
    PGBENCH_VARS=(-D "symbols=$SYMBOLS" -D "minutes=$minutes" -D "start=$START")
    read -r table_bytes index_bytes partitions < <(sql -d tickvault -At -F ' ' -c "
        SELECT sum(pg_relation_size(relid)), sum(pg_indexes_size(relid)), count(*)
          FROM pg_partition_tree('market_data.ohlcv') WHERE isleaf")
    rows=$(sql -d tickvault -At -c "SELECT count(*) FROM market_data.ohlcv WHERE timeframe = '1m' AND symbol LIKE 'G%'")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$rows" "$table_bytes" "$index_bytes" "$partitions" $((t1 - t0)) $((t2 - t1)) >>"$SIZES_TSV"
    log "$rows bars: table $((table_bytes / 1048576)) MiB, index $((index_bytes / 1048576)) MiB, $partitions partitions; generated in $((t1 - t0)) s, vacuumed in $((t2 - t1)) s; $(cat "$OUT/generate-$size.txt")"

    if ((size >= 1000000)); then label=$((size / 1000000))M; else label=$((size / 1000))k; fi
    run_wrk "latest64@$label" 64 bench/wrk/growth_latest.lua
    run_pgbench "latest64@$label" 64 bench/pgbench/growth_latest.sql
    run_wrk "latest256@$label" 256 bench/wrk/growth_latest.lua
    run_pgbench "latest256@$label" 256 bench/pgbench/growth_latest.sql
    run_wrk "range64@$label" 64 bench/wrk/growth_range.lua
    run_pgbench "range64@$label" 64 bench/pgbench/growth_range.sql
    for t in $ingest_base $((ingest_base + 31536000)) $copy_base; do
        ensure_partitions tickvault "$(date -u -d "@$t" +%F)" "$(date -u -d "@$((t + 5184000))" +%F)"
    done
    INGEST_BASE=$ingest_base run_wrk "ingest8@$label" 8 bench/wrk/ingest.lua
    COPY_BASE=$copy_base run_copy "ingest8@$label" 8
    run_wrk "export8@$label" 8 bench/wrk/growth_export.lua
    run_pgbench "export8@$label" 8 bench/pgbench/growth_export.sql
    ingest_base=$((ingest_base + 63072000))
    copy_base=$((copy_base + 63072000))
done
stop_app

# --- The tables ---------------------------------------------------------------------------------------------
{
    echo "# tickvault growth benchmark, $(sed -n 's/^date: //p' "$OUT/machine.txt")"
    echo
    echo "Machine: $(sed -n 's/^cpus: //p' "$OUT/machine.txt") CPUs, $(sed -n 's/^memory: //p' "$OUT/machine.txt"); load before the run: $(sed -n 's/^load before: //p' "$OUT/machine.txt")."
    echo "$(sed -n 's/^postgresql: //p' "$OUT/machine.txt") (fsync on), wrk -t1, ${DURATION} s per scenario after a ${WARMUP} s warm-up; $SYMBOLS series of 1m bars; commit $(sed -n 's/^git: //p' "$OUT/machine.txt")."
    echo
    awk -f "$ROOT/bench/growth.awk" "$SIZES_TSV" "$SUMMARY"
} >"$OUT/results.md"
echo >&2
cat "$OUT/results.md"
log "raw output in $OUT"
