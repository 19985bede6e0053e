#!/usr/bin/env bash
# Backs up tickvault's database: pg_dump custom format (compressed), one timestamped file per run, files
# older than BACKUP_RETENTION_DAYS (30) removed after a successful run. Exits non-zero on any failure and
# then leaves no partial file behind and deletes nothing.
#
# Connection: the libpq variables PGHOST, PGPORT, PGUSER, PGPASSWORD (or ~/.pgpass), PGDATABASE; the
# role needs SELECT on every table and sequence: the schema owner (tickvault_owner) has it.
#
#   BACKUP_DIR                 where archives go (default /backups)
#   BACKUP_RETENTION_DAYS      keep this many days of archives (default 30)
#   BACKUP_PREFIX              file name prefix (default tickvault)
#   BACKUP_COMPRESSION         pg_dump --compress level 0-9 (default 6)
#   BACKUP_LOCK_WAIT_TIMEOUT   give up when a table stays locked this long (default 120s)
#
# Output: $BACKUP_DIR/<prefix>-<UTC timestamp>.dump and a .dump.sha256 beside it (sha256sum -c format).
# Restore with restore.sh. pg_dump must be of the server's major version or newer.
set -euo pipefail

log() { printf '%s backup: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

backup_dir=${BACKUP_DIR:-/backups}
retention_days=${BACKUP_RETENTION_DAYS:-30}
prefix=${BACKUP_PREFIX:-tickvault}
compression=${BACKUP_COMPRESSION:-6}
lock_wait=${BACKUP_LOCK_WAIT_TIMEOUT:-120s}

[[ -n "${PGDATABASE:-}" ]] || die "PGDATABASE is not set (and PGHOST, PGPORT, PGUSER, PGPASSWORD as needed)"
[[ "$retention_days" =~ ^[1-9][0-9]*$ ]] || die "BACKUP_RETENTION_DAYS must be a whole number of days >= 1"
[[ "$prefix" =~ ^[A-Za-z0-9._-]+$ ]] || die "BACKUP_PREFIX may hold letters, digits, '.', '_' and '-' only"
[[ "$compression" =~ ^[0-9]$ ]] || die "BACKUP_COMPRESSION must be 0-9"
command -v pg_dump >/dev/null || die "pg_dump not found"

mkdir -p "$backup_dir" || die "cannot create $backup_dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
name="$prefix-$stamp.dump"
final="$backup_dir/$name"
partial="$final.partial"
[[ ! -e "$final" ]] || die "$final already exists"

# Whatever happens below, no half-written archive is left where restore.sh or retention would see it.
trap 'rm -f "$partial" "$partial.sha256"' EXIT

log "dumping database ${PGDATABASE} on ${PGHOST:-local socket}:${PGPORT:-5432} as ${PGUSER:-$(id -un)} to $final"
start=$(date +%s)
# One consistent snapshot (pg_dump runs in a repeatable-read transaction); writers are not blocked.
pg_dump --format=custom --compress="$compression" --no-password --lock-wait-timeout="$lock_wait" \
    --file="$partial" || die "pg_dump exited with $?"

# The archive must be readable by pg_restore, or it is no backup at all.
pg_restore --list "$partial" >/dev/null || die "pg_restore cannot read the new archive"
entries=$(pg_restore --list "$partial" | grep -c ' TABLE DATA ' || true)

hash=$(sha256sum "$partial" | cut -d' ' -f1) || die "sha256sum failed"
printf '%s  %s\n' "$hash" "$name" > "$partial.sha256" || die "cannot write the checksum"
mv "$partial" "$final" || die "cannot move the archive into place"
mv "$partial.sha256" "$final.sha256" || die "cannot move the checksum into place"
size=$(stat -c %s "$final")
log "wrote $final ($size bytes, $entries tables with data, sha256 $hash) in $(( $(date +%s) - start )) s"

# Retention only after a successful run, only this script's own files, only in BACKUP_DIR itself.
minutes=$(( retention_days * 24 * 60 ))
while IFS= read -r old; do
    rm -f -- "$old" "$old.sha256" || die "cannot remove $old"
    log "removed $old (older than $retention_days days)"
done < <(find "$backup_dir" -maxdepth 1 -type f -name "$prefix-*.dump" -mmin +"$minutes" -print)
# Leftovers of runs killed outright (no trap runs on SIGKILL).
find "$backup_dir" -maxdepth 1 -type f -name "$prefix-*.dump.partial*" -mmin +1440 -delete
