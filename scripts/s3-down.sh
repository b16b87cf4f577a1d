#!/usr/bin/env bash
# Stop the server started by s3-up.sh and remove its files (its objects lived only in its memory).
set -euo pipefail
[ -n "${S3_SERVER_DIR:-}" ] && [ -f "$S3_SERVER_DIR/pid" ] || exit 0
pid=$(cat "$S3_SERVER_DIR/pid")
kill "$pid" 2>/dev/null || true
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
rm -rf "$S3_SERVER_DIR"
