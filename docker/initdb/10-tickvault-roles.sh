#!/usr/bin/env bash
# Creates tickvault's roles in $POSTGRES_DB when the postgres image initialises an empty data directory
# (/docker-entrypoint-initdb.d). Passwords come from the environment, never from the repository.
# Also usable by hand against any server: PGHOST=... PGPORT=... POSTGRES_USER=postgres POSTGRES_DB=tickvault
# TICKVAULT_OWNER_PASSWORD=... TICKVAULT_APP_PASSWORD=... TICKVAULT_READER_PASSWORD=... ./10-tickvault-roles.sh
set -euo pipefail

: "${TICKVAULT_OWNER_PASSWORD:?set TICKVAULT_OWNER_PASSWORD}"
: "${TICKVAULT_APP_PASSWORD:?set TICKVAULT_APP_PASSWORD}"
: "${TICKVAULT_READER_PASSWORD:?set TICKVAULT_READER_PASSWORD}"

# BASH_SOURCE, not $0: the image's entrypoint sources scripts that are not executable.
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

psql -X -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-tickvault}" \
    -v owner_password="$TICKVAULT_OWNER_PASSWORD" \
    -v app_password="$TICKVAULT_APP_PASSWORD" \
    -v reader_password="$TICKVAULT_READER_PASSWORD" \
    -f "$script_dir/tickvault-roles.psql"
