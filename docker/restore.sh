#!/usr/bin/env bash
# Restores an archive written by backup.sh into an empty database (created when it does not exist), then
# checks it: the Flyway schema version (no failed migration; equal to EXPECTED_SCHEMA_VERSION when set)
# and, for every table in the archive, the number of rows restored against the number in the archive.
# Exits non-zero on any failure; the restore runs in one transaction, so a failed one leaves the target
# database empty.
#
#   restore.sh <archive.dump> [target-database]      (target defaults to PGDATABASE)
#
# Connection: PGHOST, PGPORT, PGUSER, PGPASSWORD (or ~/.pgpass). The role must be able to create the
# target database (or it must exist and be empty) and to create what the archive holds: a superuser,
# or the schema owner into a database it owns. The archive's owners and grants are kept; with
# RESTORE_NO_OWNER=true they are dropped and the restoring role owns everything (another cluster
# without tickvault's roles).
#
#   RESTORE_MAINTENANCE_DB   database to connect to for CREATE DATABASE (default postgres)
#   EXPECTED_SCHEMA_VERSION  the schema version the tickvault build to be run expects (README, /q/health)
#   RESTORE_NO_OWNER         true: --no-owner --no-privileges
set -euo pipefail

log() { printf '%s restore: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

[[ $# -ge 1 && $# -le 2 ]] || die "usage: restore.sh <archive.dump> [target-database]"
archive=$1
target=${2:-${PGDATABASE:-}}
maintenance=${RESTORE_MAINTENANCE_DB:-postgres}
[[ -n "$target" ]] || die "no target database: give it as the second argument or set PGDATABASE"
[[ -f "$archive" && -r "$archive" ]] || die "cannot read $archive"
for tool in pg_restore psql; do command -v "$tool" >/dev/null || die "$tool not found"; done

# psql against a database, quietly, stopping at the first error; SQL on stdin, :'db' is the target name.
sql() {
    local database=$1
    shift
    psql -X -q -t -A --no-password -v ON_ERROR_STOP=1 -v db="$target" -d "$database" "$@"
}

# 1. The archive is intact and readable.
if [[ -f "$archive.sha256" ]]; then
    expected=$(cut -d' ' -f1 < "$archive.sha256")
    actual=$(sha256sum "$archive" | cut -d' ' -f1)
    [[ "$expected" == "$actual" ]] || die "checksum mismatch for $archive (expected $expected, got $actual)"
    log "checksum ok ($actual)"
else
    log "no $archive.sha256 beside the archive: checksum not verified"
fi
pg_restore --list "$archive" >/dev/null || die "$archive is not a pg_dump custom-format archive"

# 2. The target exists and is empty, or is created.
exists=$(sql "$maintenance" <<'SQL'
SELECT count(*) FROM pg_database WHERE datname = :'db';
SQL
) || die "cannot connect to $maintenance on ${PGHOST:-local socket}:${PGPORT:-5432}"
if [[ "$exists" == "0" ]]; then
    sql "$maintenance" <<'SQL' || die "cannot create database $target"
CREATE DATABASE :"db";
SQL
    log "created database $target"
    # The schema owner may create schemas in it, as docker/initdb grants on the original database.
    sql "$target" <<'SQL' || die "cannot grant on database $target"
SELECT format('GRANT CONNECT, CREATE, TEMPORARY ON DATABASE %I TO tickvault_owner', current_database())
 WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tickvault_owner') \gexec
SQL
fi
# Relations that belong to an extension (pg_stat_statements' views) do not count as content.
objects=$(sql "$target" <<'SQL'
SELECT count(*)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
   AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                              AND d.deptype = 'e');
SQL
) || die "cannot inspect database $target"
[[ "$objects" == "0" ]] || die "database $target is not empty ($objects tables, views or sequences); restore into a new one"

# 3. Restore, all or nothing.
options=(--exit-on-error --single-transaction --no-password)
if [[ "${RESTORE_NO_OWNER:-false}" == "true" ]]; then
    options+=(--no-owner --no-privileges)
fi
log "restoring $archive into $target"
start=$(date +%s)
pg_restore "${options[@]}" --dbname="$target" "$archive" || die "pg_restore exited with $? (nothing was restored)"
log "restored in $(( $(date +%s) - start )) s"

# 4. Schema version: Flyway's history came along; no failed migration; the version the build expects.
version=$(sql "$target" <<'SQL'
SELECT version FROM public.flyway_schema_history
 WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1;
SQL
) || die "no Flyway history (public.flyway_schema_history) in the restored database"
[[ -n "$version" ]] || die "the restored database has no applied migration"
failed=$(sql "$target" <<'SQL'
SELECT count(*) FROM public.flyway_schema_history WHERE NOT success;
SQL
)
[[ "$failed" == "0" ]] || die "the restored database records $failed failed migration(s)"
if [[ -n "${EXPECTED_SCHEMA_VERSION:-}" && "$version" != "$EXPECTED_SCHEMA_VERSION" ]]; then
    die "schema version $version, but EXPECTED_SCHEMA_VERSION is $EXPECTED_SCHEMA_VERSION"
fi
log "schema version $version"

# 5. Row counts: every table's COPY block in the archive (one line per row) against count(*) restored.
mismatches=0
tables=0
declare -A archived_rows=()
while read -r table archived; do
    [[ -n "$table" ]] || continue
    tables=$((tables + 1))
    archived_rows[$table]=$archived
    restored=$(sql "$target" <<<"SELECT count(*) FROM $table;") || die "cannot count rows of $table"
    if [[ "$restored" == "$archived" ]]; then
        log "rows ok: $table $restored"
    else
        log "rows MISMATCH: $table archive $archived, restored $restored"
        mismatches=$((mismatches + 1))
    fi
done < <(pg_restore --data-only --file=- "$archive" | awk '
    /^COPY / { table = $2; rows = 0; copying = 1; next }
    copying && $0 == "\\." { print table, rows; copying = 0; next }
    copying { rows++ }')
(( tables > 0 )) || die "the archive holds no table data"

# A partitioned table holds no rows of its own: the dump copies each partition. Its total is checked too,
# because that is the figure an operator knows (market_data.ohlcv's bar count).
declare -A partitioned_rows=() partition_count=()
while IFS='|' read -r root leaf; do
    [[ -n "$root" ]] || continue
    partitioned_rows[$root]=$(( ${partitioned_rows[$root]:-0} + ${archived_rows[$leaf]:-0} ))
    partition_count[$root]=$(( ${partition_count[$root]:-0} + 1 ))
done < <(sql "$target" <<<"
SELECT format('%I.%I', rn.nspname, r.relname), format('%I.%I', n.nspname, c.relname)
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_class r ON r.oid = pg_partition_root(c.oid)
  JOIN pg_namespace rn ON rn.oid = r.relnamespace
 WHERE c.relispartition AND c.relkind = 'r';" | tr -d ' ')
for root in "${!partitioned_rows[@]}"; do
    restored=$(sql "$target" <<<"SELECT count(*) FROM $root;") || die "cannot count rows of $root"
    if [[ "$restored" == "${partitioned_rows[$root]}" ]]; then
        log "rows ok: $root $restored (${partition_count[$root]} partitions)"
    else
        log "rows MISMATCH: $root archive ${partitioned_rows[$root]}, restored $restored"
        mismatches=$((mismatches + 1))
    fi
done
(( mismatches == 0 )) || die "$mismatches table(s) differ from the archive"

# 6. Planner statistics are not part of a dump: gather them before traffic arrives.
sql "$target" <<<"ANALYZE;" || die "ANALYZE failed"
log "done: $target at schema version $version, $tables tables checked against the archive"
