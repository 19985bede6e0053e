# Functions shared by bench/run.sh: tools, a throwaway PostgreSQL cluster, the packaged application.
# Sourced, not run. Expects ROOT (the repository) and OUT (this run's results directory).

log() {
    printf '[%s] %s\n' "$(date +%T)" "$*" | tee -a "$OUT/run.log" >&2
}

die() {
    log "ERROR: $*"
    [[ -z "${INGEST_BODIES_DIR:-}" ]] || rm -rf "$INGEST_BODIES_DIR"
    exit 1
}

# Installs what the benchmark needs when it is missing (Debian/Ubuntu: apt-get), then sets PG_BIN.
ensure_tools() {
    local missing=()
    PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
    [[ -n "$PG_BIN" && -x "$PG_BIN/initdb" && -x "$PG_BIN/postgres" ]] || missing+=(postgresql)
    [[ -n "$PG_BIN" && -x "$PG_BIN/pgbench" ]] || command -v pgbench >/dev/null || missing+=(postgresql-contrib)
    command -v wrk >/dev/null || missing+=(wrk)
    command -v curl >/dev/null || missing+=(curl)
    if ((${#missing[@]})); then
        log "installing ${missing[*]} (apt-get)"
        command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get to install them"
        local sudo=""
        [[ $(id -u) -eq 0 ]] || sudo=sudo
        $sudo apt-get update -q >>"$OUT/apt.log" 2>&1
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >>"$OUT/apt.log" 2>&1 \
            || die "apt-get install ${missing[*]} failed (see $OUT/apt.log)"
        PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    fi
    [[ -x "$PG_BIN/initdb" ]] || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (set PG_BIN)"
    PGBENCH=$PG_BIN/pgbench
    [[ -x "$PGBENCH" ]] || PGBENCH=$(command -v pgbench)
    PSQL=$PG_BIN/psql
    [[ -x "$PSQL" ]] || PSQL=$(command -v psql)
    command -v java >/dev/null || die "java (17+) is required"
    # PostgreSQL refuses to run as root: run it as 'postgres' (created by the Debian package).
    if [[ $(id -u) -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
        PG_AS=(runuser -u postgres --)
    else
        PG_AS=()
    fi
}

# The JVM options the launcher (target/quarkus-app/tickvault) starts tickvault with: its own, the class-data
# archive when the build made one, then $JAVA_OPTS.
jvm_options() {
    local app=$ROOT/target/quarkus-app
    local opts
    opts=$(sed -n 's/^DEFAULT_JVM_OPTIONS="\(.*\)"$/\1/p' "$app/tickvault" 2>/dev/null)
    [[ -f "$app/app-cds.jsa" ]] && opts="$opts -XX:SharedArchiveFile=app-cds.jsa"
    echo "$opts${JAVA_OPTS:+ $JAVA_OPTS}"
}

# Writes the machine, the load and the versions a run was measured with to $OUT/machine.txt and stderr.
describe_machine() {
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
}

# A TCP port on 127.0.0.1 that nothing listens on.
free_port() {
    local port
    for _ in $(seq 1 200); do
        port=$((20000 + RANDOM % 30000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    die "no free port found"
}

# Starts a throwaway cluster in PGDATA on PGPORT: trust on loopback, fsync on (durable commits). BENCH_PG_CONF adds
# lines to its postgresql.conf (e.g. shared_preload_libraries = 'pg_stat_statements' to see where its time goes).
start_postgres() {
    PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/tickvault-bench-pg.XXXXXX")
    chmod 755 "$PGDIR"
    PGDATA=$PGDIR/data
    PGPORT=$(free_port)
    [[ ${#PG_AS[@]} -eq 0 ]] || chown postgres: "$PGDIR"
    "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C >"$OUT/initdb.log" 2>&1 \
        || die "initdb failed (see $OUT/initdb.log)"
    cat >>"$PGDATA/postgresql.conf" <<EOF
# tickvault benchmark: durable (fsync, synchronous commit, full page writes), sized for the data set.
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$PGDIR'
max_connections = 400
shared_buffers = 512MB
work_mem = 8MB
fsync = on
synchronous_commit = on
full_page_writes = on
wal_buffers = 16MB
max_wal_size = 4GB
checkpoint_timeout = 30min
logging_collector = off
${BENCH_PG_CONF:-}
EOF
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGDIR/postgres.log" -w -t 60 start >>"$OUT/run.log" 2>&1 \
        || die "PostgreSQL did not start (see $PGDIR/postgres.log)"
    log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT, data in $PGDATA (fsync on)"
}

stop_postgres() {
    if [[ -n "${PGDATA:-}" && -d "$PGDATA" ]]; then
        cp "$PGDIR/postgres.log" "$OUT/postgres.log" 2>/dev/null || true
        "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
        if [[ -z "${BENCH_KEEP:-}" ]]; then
            rm -rf "$PGDIR"
        fi
    fi
}

sql() {
    "$PSQL" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres "$@"
}

# Starts the packaged application against database $1 with the benchmark's JVM options; sets APP_PID.
# Waits for readiness and sets READY_MS, the wall time from the launch to the first 200 of /q/health/ready.
start_app() {
    local db=$1 logfile=$2
    local t0 t1 status
    t0=$(date +%s%N)
    # Through the launcher, as the README tells users to run the packaged application.
    (cd "$ROOT/target/quarkus-app" && exec env DATABASE_URL="postgresql://postgres:$DB_PASSWORD@127.0.0.1:$PGPORT/$db" \
        QUARKUS_HTTP_PORT=$APP_PORT TICKVAULT_BOOTSTRAP_ADMIN_KEY=$KEY MALLOC_ARENA_MAX=$APP_MALLOC_ARENA_MAX \
        JAVA_OPTS="$JAVA_OPTS" ./tickvault) >"$logfile" 2>&1 &
    APP_PID=$!
    while true; do
        status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$APP_PORT/q/health/ready" || true)
        [[ "$status" == 200 ]] && break
        if ! kill -0 "$APP_PID" 2>/dev/null; then
            die "tickvault exited during start (see $logfile)"
        fi
        t1=$(date +%s%N)
        (((t1 - t0) / 1000000 < 60000)) || die "tickvault not ready after 60 s (see $logfile)"
        sleep 0.01
    done
    t1=$(date +%s%N)
    READY_MS=$(((t1 - t0) / 1000000))
}

stop_app() {
    if [[ -n "${APP_PID:-}" ]] && kill -0 "$APP_PID" 2>/dev/null; then
        kill -TERM "$APP_PID"
        wait "$APP_PID" 2>/dev/null || true
    fi
    APP_PID=
}

# The largest resident set of the application so far (VmHWM) and now (VmRSS), in KiB.
app_hwm_kib() {
    awk '/^VmHWM:/ {print $2}' "/proc/$APP_PID/status"
}

app_rss_kib() {
    awk '/^VmRSS:/ {print $2}' "/proc/$APP_PID/status" 2>/dev/null || echo 0
}

# Samples VmRSS every 100 ms into $1 until killed; the scenario's peak is the file's maximum.
sample_rss() {
    local file=$1
    while kill -0 "$APP_PID" 2>/dev/null; do
        app_rss_kib >>"$file"
        sleep 0.1
    done
}

# CPU time in clock ticks (USER_HZ, /proc/<pid>/stat utime+stime) used so far by tickvault's JVM.
app_cpu_ticks() {
    awk '{print $14 + $15}' "/proc/$APP_PID/stat" 2>/dev/null || echo 0
}

# CPU time in clock ticks used so far by the PostgreSQL cluster: the postmaster, its live children
# (backends, WAL writer, checkpointer) and the children that already exited (cutime, cstime).
pg_cpu_ticks() {
    local pm children own
    pm=$(head -n 1 "$PGDATA/postmaster.pid")
    # Children first: one that exits meanwhile is then counted twice (its own and the postmaster's cutime)
    # rather than not at all.
    children=$(for pid in $(pgrep -P "$pm"); do cat "/proc/$pid/stat" 2>/dev/null; done | awk '{s += $14 + $15} END {print s + 0}')
    own=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat")
    echo $((children + own))
}

# Seconds of CPU between two tick counts.
cpu_seconds() {
    awk -v a="$1" -v b="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (b - a) / hz }'
}

# Makes the monthly 1m partitions of database $1 covering [$2, $3) (timestamps PostgreSQL reads), as the
# maintenance job makes those ahead: the ingest scenarios write into them, tickvault and COPY alike.
ensure_partitions() {
    sql -d "$1" -At -c "SELECT count(*) FROM generate_series(date_trunc('month', timestamptz '$2', 'UTC'),
        timestamptz '$3' - interval '1 microsecond', interval '1 month') AS g,
        LATERAL market_data.ensure_ohlcv_partition('1m', g, 'month')" >/dev/null
}

# Variables passed to every pgbench run (-D NAME=VALUE ...), and the database pgbench and COPY use.
# The values the service passes as parameters go to pgbench as variables (-M prepared: parameters too), so that
# PostgreSQL plans bench/pgbench/*.sql as it plans the service's statements.
PGBENCH_VARS=(-D tf=1m -D tfd=1d -D gspc=^GSPC -D to=infinity -D lim=101)
BENCH_DB=${BENCH_DB:-tickvault}

field() { # field NAME LINE
    sed -n "s/.*[[:space:]]$1=\([0-9.]*\).*/\1/p" <<<"$2"
}

# The scenario runners below append to $SUMMARY (scenario, side, connections, rps, p50, p99, non-2xx,
# errors, peak RSS, CPU of tickvault and of PostgreSQL, requests); pgbench and COPY run on $BENCH_DB.

# Symbols the ingest scenarios spread their 1,000-row batches over, on both sides (bench/wrk/ingest.lua and
# bench/java/CopyLimit.java): 400 keep a run within a few days of bars, in one or two monthly partitions.
INGEST_SYMBOLS=${INGEST_SYMBOLS:-400}
export TV_INGEST_SYMBOLS=$INGEST_SYMBOLS

# The ingest scenarios' bodies (bench/java/IngestBodies.java) are built before each wrk run for the best rate
# it could plausibly reach: BENCH_INGEST_RATE rows/s (default 300,000, about what COPY reaches on a 2-core
# machine, the ceiling) for the run's seconds. A run that sends them all stops and is void (never a row twice).
INGEST_RATE=${BENCH_INGEST_RATE:-300000}

# ingest_bodies FILE SECONDS CONNECTIONS BASE: the bodies of one wrk run of bench/wrk/ingest.lua into FILE, in
# INGEST_FORMAT (json, the default, or arrow) of INGEST_ROWS bars (1,000) each, for symbols
# <INGEST_PREFIX (WRK)>0..INGEST_SYMBOLS-1 from BASE (epoch seconds).
ingest_bodies() {
    local file=$1 seconds=$2 conns=$3 base=$4 rows=${INGEST_ROWS:-1000}
    # One more per connection for the requests in flight, and one for the request wrk builds to check the script.
    local count=$(((seconds * INGEST_RATE + rows - 1) / rows + conns + 1))
    java --add-opens=java.base/java.nio=ALL-UNNAMED -cp "$ROOT/target/quarkus-app/lib/main/*" \
        "$ROOT/bench/java/IngestBodies.java" "${INGEST_FORMAT:-json}" "$rows" "$count" "$INGEST_SYMBOLS" \
        "${INGEST_PREFIX:-WRK}" "$base" "$file" 2>"$file.log" | tee -a "$OUT/run.log" >&2 \
        || die "building the ingest bodies failed (see $file.log)"
    [[ -s "$file" ]] || die "building the ingest bodies failed (see $file.log)"
}

# run_phase_hook PHASE SCENARIO: calls the function named by PHASE_HOOK (if set) as the load moves to PHASE:
# warmup (the bodies are built, the warm-up starts), measured (the measured run starts), done (it ended). Lets a
# scenario run something alongside exactly the measured load (bench/live.sh: the live writer and its latency).
run_phase_hook() {
    [[ -z "${PHASE_HOOK:-}" ]] || "$PHASE_HOOK" "$@"
}

# run_wrk SCENARIO CONNECTIONS SCRIPT: a warm-up, then the measured run with the RSS sampled.
run_wrk() {
    local name=$1 conns=$2 script=$3 line rss
    log "$name: wrk -t1 -c$conns -s $script (warm-up ${WARMUP} s, measured ${DURATION} s)"
    # The ingest script sends pre-built bodies: the warm-up's from INGEST_BASE (2030-01-01 by default), the
    # measured run's a year later, so that every bar it sends is new. They are built before the warm-up, so that
    # nothing but the load runs between it and the measured run, and removed after.
    local ingest_base=${INGEST_BASE:-1893456000} bodies=
    if [[ "$script" == bench/wrk/ingest.lua ]]; then
        bodies=$(mktemp -d "${TMPDIR:-/tmp}/tickvault-bench-bodies.XXXXXX")
        INGEST_BODIES_DIR=$bodies
        ingest_bodies "$bodies/warmup" "$WARMUP" "$conns" "$ingest_base"
        ingest_bodies "$bodies/measured" "$DURATION" "$conns" $((ingest_base + 31536000))
    fi
    run_phase_hook warmup "$name"
    TV_INGEST_BODIES=$bodies/warmup TV_INGEST_TYPE=${INGEST_TYPE:-application/json} \
        wrk -t1 -c"$conns" -d"${WARMUP}s" --timeout 10s -s "$script" "$BASE" >"$OUT/$name.warmup.txt" 2>&1 || true
    : >"$OUT/$name.rss"
    sample_rss "$OUT/$name.rss" &
    SAMPLER_PID=$!
    local app0 pg0 app1 pg1
    run_phase_hook measured "$name"
    app0=$(app_cpu_ticks)
    pg0=$(pg_cpu_ticks)
    TV_INGEST_BODIES=$bodies/measured TV_INGEST_TYPE=${INGEST_TYPE:-application/json} \
        wrk -t1 -c"$conns" -d"${DURATION}s" --timeout 10s --latency -s "$script" "$BASE" >"$OUT/$name.wrk.txt" 2>&1 || true
    app1=$(app_cpu_ticks)
    pg1=$(pg_cpu_ticks)
    run_phase_hook done "$name"
    kill "$SAMPLER_PID" 2>/dev/null || true
    wait "$SAMPLER_PID" 2>/dev/null || true
    SAMPLER_PID=
    [[ -z "$bodies" ]] || rm -rf "$bodies"
    INGEST_BODIES_DIR=
    line=$(grep '^BENCH ' "$OUT/$name.wrk.txt" || true)
    [[ -n "$line" ]] || die "$name: no result from wrk (see $OUT/$name.wrk.txt)"
    if grep -q '^BENCH_INGEST .*exhausted=1' "$OUT/$name.wrk.txt"; then
        die "$name: tickvault took every one of the $(field bodies "$(grep '^BENCH_INGEST ' "$OUT/$name.wrk.txt")") pre-built bodies before the run ended: the run is void; raise BENCH_INGEST_RATE (now $INGEST_RATE rows/s)"
    fi
    if grep -q '^BENCH_INGEST .*exhausted=1' "$OUT/$name.warmup.txt"; then
        log "$name: the warm-up sent every one of its pre-built bodies and stopped early (BENCH_INGEST_RATE=$INGEST_RATE)"
    fi
    rss=$(sort -n "$OUT/$name.rss" | tail -n 1)
    printf '%s\ttickvault\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$conns" "$(field rps "$line")" \
        "$(field p50_us "$line")" "$(field p99_us "$line")" "$(field non2xx "$line")" \
        "$(field socket_errors "$line")" "${rss:-0}" "$(cpu_seconds "$app0" "$app1")" "$(cpu_seconds "$pg0" "$pg1")" \
        "$(field requests "$line")" >>"$SUMMARY"
    log "$name tickvault: $line peak_rss_kib=${rss:-0} app_cpu_s=$(cpu_seconds "$app0" "$app1") pg_cpu_s=$(cpu_seconds "$pg0" "$pg1")"
}

# run_pgbench SCENARIO CONNECTIONS SCRIPT...: the same SQL straight on PostgreSQL, prepared statements.
run_pgbench() {
    local name=$1 conns=$2 tps p50 p99 failed
    shift 2
    local files=()
    for f in "$@"; do files+=(-f "$f"); done
    log "$name: pgbench -M prepared -n -T $DURATION -c $conns -j 1 ${files[*]}"
    "$PGBENCH" -h 127.0.0.1 -p "$PGPORT" -U postgres -M prepared -n -T "$WARMUP" -c "$conns" -j 1 "${PGBENCH_VARS[@]}" "${files[@]}" \
        "$BENCH_DB" >"$OUT/$name.pgbench-warmup.txt" 2>&1 || die "$name: pgbench failed (see $OUT/$name.pgbench-warmup.txt)"
    rm -f "$OUT/pgbench/$name".*
    local pg0 pg1 count
    pg0=$(pg_cpu_ticks)
    "$PGBENCH" -h 127.0.0.1 -p "$PGPORT" -U postgres -M prepared -n -T "$DURATION" -c "$conns" -j 1 "${PGBENCH_VARS[@]}" "${files[@]}" \
        -l --log-prefix="$OUT/pgbench/$name" "$BENCH_DB" >"$OUT/$name.pgbench.txt" 2>&1 \
        || die "$name: pgbench failed (see $OUT/$name.pgbench.txt)"
    sleep 0.5 # the backends end after pgbench disconnects; then the postmaster has counted their CPU
    pg1=$(pg_cpu_ticks)
    count=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$OUT/$name.pgbench.txt")
    tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$OUT/$name.pgbench.txt")
    failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$OUT/$name.pgbench.txt")
    # Per-transaction log: client, transaction, latency in microseconds, ...
    read -r p50 p99 < <(cat "$OUT/pgbench/$name".* | awk '{print $3}' | sort -n | awk '
        { v[NR] = $1 } END { i50 = int(NR * 0.50 + 0.999999); i99 = int(NR * 0.99 + 0.999999); print v[i50], v[i99] }')
    printf '%s\tlimit\t%s\t%s\t%s\t%s\t%s\t0\t\t\t%s\t%s\n' "$name" "$conns" "$tps" "$p50" "$p99" "${failed:-0}" \
        "$(cpu_seconds "$pg0" "$pg1")" "${count:-0}" >>"$SUMMARY"
    log "$name pgbench: tps=$tps p50_us=$p50 p99_us=$p99 failed=${failed:-0} pg_cpu_s=$(cpu_seconds "$pg0" "$pg1")"
    gzip -f "$OUT/pgbench/$name".*
}

# run_copy SCENARIO CONNECTIONS [ROWS [PREFIX]]: COPY of the same batches (ROWS rows, 1,000 by default) into the
# same table, symbols <PREFIX (CPY)>0.. from COPY_BASE.
run_copy() {
    local name=$1 conns=$2 rows=${3:-1000} prefix=${4:-CPY} line
    log "$name: COPY of $rows-row batches from $conns connections (warm-up ${WARMUP} s, measured ${DURATION} s)"
    local mark=$OUT/$name.copy-mark pid pg0= pg1=
    rm -f "$mark".*
    java -cp "$PG_JDBC" "$ROOT/bench/java/CopyLimit.java" "jdbc:postgresql://127.0.0.1:$PGPORT/$BENCH_DB?user=postgres" \
        "$conns" "$WARMUP" "$DURATION" "$prefix" "${COPY_BASE:-1956528000}" "$mark" $((INGEST_SYMBOLS / conns)) "$rows" \
        >"$OUT/$name.copy.txt" 2>&1 &
    pid=$!
    # PostgreSQL's CPU over the measured time only, between the marks the client leaves.
    while [[ -z "$pg1" ]]; do
        if [[ -z "$pg0" && -e "$mark.start" ]]; then pg0=$(pg_cpu_ticks); fi
        if [[ -e "$mark.end" ]]; then pg1=$(pg_cpu_ticks); fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.02
    done
    wait "$pid" || die "$name: COPY failed (see $OUT/$name.copy.txt)"
    line=$(grep '^BENCH ' "$OUT/$name.copy.txt")
    printf '%s\tlimit\t%s\t%s\t%s\t%s\t%s\t0\t\t\t%s\t%s\n' "$name" "$conns" "$(field rps "$line")" "$(field p50_us "$line")" \
        "$(field p99_us "$line")" "$(field non2xx "$line")" "$(cpu_seconds "${pg0:-0}" "${pg1:-0}")" \
        "$(field requests "$line")" >>"$SUMMARY"
    log "$name COPY: $line pg_cpu_s=$(cpu_seconds "${pg0:-0}" "${pg1:-0}")"
}

# The 50 generated series (bench/sql/generate.sql: SYN00..SYN49, 43,200 1m bars each, April 2020). The export
# scenarios read their first 20,000 minutes (1,000,000 bars), the month panel all of April (2,160,000).
EXPORT_SYMBOLS=$(seq -f 'SYN%02g' 0 49 | paste -sd,)
EXPORT_ROWS=1000000
EXPORT_RANGE="from=2020-04-01T00:00:00Z&to=2020-04-14T21:20:00Z"
MONTH_ROWS=2160000
MONTH_RANGE="from=2020-04-01T00:00:00Z&to=2020-05-01T00:00:00Z"

# run_export SCENARIO ACCEPT [RANGE ROWS]: the panel of the 50 generated series over RANGE (EXPORT_RANGE: ROWS =
# EXPORT_ROWS bars, ordered by ts then symbol) read whole, one request after another on one connection, for the
# measured time: rows/s is ROWS x requests / seconds. curl writes the body to /dev/null, as psql does below.
run_export() {
    local name=$1 accept=$2 range=${3:-$EXPORT_RANGE} rows=${4:-$EXPORT_ROWS}
    local url="$BASE/api/v1/bars?symbols=$EXPORT_SYMBOLS&timeframe=1m&$range"
    log "$name: GET the panel of 50 series ($rows bars) as $accept, back to back (warm-up ${WARMUP} s, measured ${DURATION} s)"
    export_loop "$OUT/$name.warmup.txt" "$WARMUP" curl -sf -o /dev/null -w '%{http_code} %{size_download}\n' \
        -H "Authorization: Bearer $KEY" -H "Accept: $accept" "$url" >/dev/null
    : >"$OUT/$name.rss"
    sample_rss "$OUT/$name.rss" &
    SAMPLER_PID=$!
    local app0 pg0 app1 pg1 line rss
    app0=$(app_cpu_ticks)
    pg0=$(pg_cpu_ticks)
    line=$(export_loop "$OUT/$name.export.txt" "$DURATION" curl -sf -o /dev/null -w '%{http_code} %{size_download}\n' \
        -H "Authorization: Bearer $KEY" -H "Accept: $accept" "$url")
    app1=$(app_cpu_ticks)
    pg1=$(pg_cpu_ticks)
    kill "$SAMPLER_PID" 2>/dev/null || true
    wait "$SAMPLER_PID" 2>/dev/null || true
    SAMPLER_PID=
    rss=$(sort -n "$OUT/$name.rss" | tail -n 1)
    printf '%s\ttickvault\t1\t%s\t%s\t%s\t%s\t0\t%s\t%s\t%s\t%s\n' "$name" "$(field rps "$line")" "$(field p50_us "$line")" \
        "$(field p99_us "$line")" "$(field failed "$line")" "${rss:-0}" "$(cpu_seconds "$app0" "$app1")" \
        "$(cpu_seconds "$pg0" "$pg1")" "$(field requests "$line")" >>"$SUMMARY"
    log "$name tickvault: $line peak_rss_kib=${rss:-0} app_cpu_s=$(cpu_seconds "$app0" "$app1") pg_cpu_s=$(cpu_seconds "$pg0" "$pg1")"
}

# run_copy_out SCENARIO [SQL]: the limit of run_export, PostgreSQL's own export of the same rows: the panel's
# statement (SQL: bench/sql/export.sql, the raw panel statement of BarPanelRepository with its parameters written
# in) as COPY (...) TO STDOUT through psql into /dev/null, back to back.
run_copy_out() {
    local name=$1 file=${2:-$ROOT/bench/sql/export.sql} line pg0 pg1
    log "$name: COPY (the panel's SELECT) TO STDOUT through psql, back to back (warm-up ${WARMUP} s, measured ${DURATION} s)"
    export_loop "$OUT/$name.copy-warmup.txt" "$WARMUP" sql -d "$BENCH_DB" -f "$file" -o /dev/null >/dev/null
    pg0=$(pg_cpu_ticks)
    line=$(export_loop "$OUT/$name.copy-out.txt" "$DURATION" sql -d "$BENCH_DB" -f "$file" -o /dev/null)
    pg1=$(pg_cpu_ticks)
    printf '%s\tlimit\t1\t%s\t%s\t%s\t%s\t0\t\t\t%s\t%s\n' "$name" "$(field rps "$line")" "$(field p50_us "$line")" \
        "$(field p99_us "$line")" "$(field failed "$line")" "$(cpu_seconds "$pg0" "$pg1")" "$(field requests "$line")" >>"$SUMMARY"
    log "$name COPY TO STDOUT: $line pg_cpu_s=$(cpu_seconds "$pg0" "$pg1")"
}

# export_loop LOG SECONDS COMMAND...: runs COMMAND again and again until SECONDS have passed (the last run is
# finished, not cut), each run's time in LOG; prints "BENCH rps=... p50_us=... p99_us=... failed=... requests=...",
# rps being runs per second of the whole loop.
export_loop() {
    local log=$1 seconds=$2 start end t0 t1 runs=0 failed=0
    shift 2
    : >"$log"
    start=$(date +%s%N)
    end=$((start + seconds * 1000000000))
    while :; do
        t0=$(date +%s%N)
        if "$@" >>"$log.out" 2>&1; then :; else failed=$((failed + 1)); fi
        t1=$(date +%s%N)
        echo $(((t1 - t0) / 1000)) >>"$log"
        runs=$((runs + 1))
        [[ $t1 -lt $end ]] || break
    done
    sort -n "$log" | awk -v runs="$runs" -v failed="$failed" -v ns="$((t1 - start))" '
        { v[NR] = $1 } END { i50 = int(NR * 0.50 + 0.999999); i99 = int(NR * 0.99 + 0.999999)
            printf "BENCH rps=%.4f p50_us=%d p99_us=%d failed=%d requests=%d\n", runs / (ns / 1e9), v[i50], v[i99], failed, runs }'
}
