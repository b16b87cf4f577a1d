#!/usr/bin/env bash
# Stop the throwaway cluster started by pg-up.sh and remove its files.
set -euo pipefail
[ -n "${PGHOST:-}" ] && [ -d "$PGHOST/data" ] || exit 0
runuser -u postgres -- "${PGBIN:-/usr/lib/postgresql/15/bin}/pg_ctl" -D "$PGHOST/data" -m fast -w stop >/dev/null || true
rm -rf "$PGHOST"
