#!/usr/bin/env bash
# The compose "backup" service: runs backup.sh at start (BACKUP_ON_START, default true) and then every
# day at BACKUP_AT (HH:MM, UTC, default 03:00). A failed run is logged and retried the next day; the
# service's health check turns unhealthy when the newest archive is older than 26 hours.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
at=${BACKUP_AT:-03:00}
[[ "$at" =~ ^([01][0-9]|2[0-3]):[0-5][0-9]$ ]] || { echo "BACKUP_AT must be HH:MM (UTC)" >&2; exit 1; }

# Stop at once on docker stop, even while sleeping (and take the sleep along).
sleeper=""
trap '[[ -n "$sleeper" ]] && kill "$sleeper" 2>/dev/null; exit 0' TERM INT

run() {
    if "$here/backup.sh"; then
        return 0
    fi
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) backup-daily: backup failed; next attempt at $at UTC" >&2
}

if [[ "${BACKUP_ON_START:-true}" == "true" ]]; then
    run
fi
while true; do
    now=$(date -u +%s)
    next=$(date -u -d "today $at" +%s)
    if (( next <= now )); then
        next=$(date -u -d "tomorrow $at" +%s)
    fi
    sleep $(( next - now )) &
    sleeper=$!
    wait "$sleeper"
    sleeper=""
    run
done
