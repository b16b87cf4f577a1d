#!/usr/bin/env bash
# Start a throwaway PostgreSQL 15 cluster for tests; prints the PG* variables to eval.
# Runs as root (CI does): the server binaries run as the postgres OS user.
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGDATA_DIR=${PGDATA_DIR:-$(mktemp -d /tmp/pgci.XXXXXX)}
PGPORT=${PGPORT:-54329}
id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
chown postgres:postgres "$PGDATA_DIR"; chmod 755 "$PGDATA_DIR"
runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA_DIR/data" -U postgres -A trust -E UTF8 \
  --locale=C.UTF-8 --no-sync >"$PGDATA_DIR/initdb.log"
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/server.log" -w \
  -o "-k $PGDATA_DIR -p $PGPORT -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
runuser -u postgres -- "$PGBIN/createdb" -h "$PGDATA_DIR" -p "$PGPORT" -U postgres shenbao
echo "export PGHOST=$PGDATA_DIR PGPORT=$PGPORT PGUSER=postgres PGDATABASE=shenbao"
