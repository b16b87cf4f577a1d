#!/usr/bin/env bash
# Start a throwaway S3-compatible server (moto's standalone server) on a free loopback port, with one
# empty bucket; prints the SHENBAO_S3_* variables to eval. Stop it with s3-down.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${VENV:-$ROOT/.venv}/bin/python
S3_DIR=$(mktemp -d /tmp/s3ci.XXXXXX)
BUCKET=${SHENBAO_S3_BUCKET:-shenbao-test}
for _ in 1 2 3; do
  # The kernel picks a free port; another process could take it before moto binds it, hence the retries.
  PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$PY" -m moto.server -H 127.0.0.1 -p "$PORT" </dev/null >"$S3_DIR/server.log" 2>&1 &
  echo $! >"$S3_DIR/pid"
  if "$PY" - "$PORT" "$BUCKET" <<'PYTHON'
import sys, time
import boto3
port, bucket = sys.argv[1], sys.argv[2]
client = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                      aws_access_key_id="test", aws_secret_access_key="test")
deadline = time.monotonic() + 20
while True:
    try:
        client.create_bucket(Bucket=bucket)
        break
    except Exception:
        if time.monotonic() > deadline:
            raise
        time.sleep(0.1)
PYTHON
  then
    echo "export SHENBAO_STORAGE=s3 SHENBAO_S3_ENDPOINT_URL=http://127.0.0.1:$PORT SHENBAO_S3_BUCKET=$BUCKET" \
      "SHENBAO_S3_REGION=us-east-1 SHENBAO_S3_ACCESS_KEY=test SHENBAO_S3_SECRET_KEY=test S3_SERVER_DIR=$S3_DIR"
    exit 0
  fi
  kill "$(cat "$S3_DIR/pid")" 2>/dev/null || true
done
echo "s3-up.sh: moto's server did not start; see $S3_DIR/server.log" >&2
exit 1
