#!/usr/bin/env bash
# Runs a command with media in an S3 bucket of its own: moto's S3 server (from the test extra;
# it stands in for S3, MinIO or R2, which cannot run here) on a free port of 127.0.0.1, a bucket
# created, the ROZNAMA_S3_* settings exported, and the server stopped afterwards, whatever
# happens.  Composes with with-postgres.sh and with-redis.sh:
#   scripts/with-s3.sh scripts/with-postgres.sh .venv/bin/python -m pytest tests/roznama/news
# Usage: scripts/with-s3.sh COMMAND [ARGS...]
set -euo pipefail
# shellcheck source=scripts/throwaway.sh
. "$(dirname "$0")/throwaway.sh"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x "$ROOT/.venv/bin/moto_server" ]; then
  echo "moto's server is not installed: scripts/bootstrap.sh test" >&2
  exit 1
fi
S3_DIR=$(mktemp -d -t roznama-s3-XXXXXX)
PORT=$(free_port)

cleanup() {
  stop_server "$S3_DIR/moto.pid" "$S3_DIR"
}
trap cleanup EXIT INT TERM

"$ROOT/.venv/bin/moto_server" -H 127.0.0.1 -p "$PORT" >"$S3_DIR/moto.log" 2>&1 &
echo $! >"$S3_DIR/moto.pid"

export ROZNAMA_S3_BUCKET=roznama-media
export ROZNAMA_S3_ENDPOINT_URL="http://127.0.0.1:$PORT"
export ROZNAMA_S3_REGION=us-east-1
export ROZNAMA_S3_ACCESS_KEY=testing
export ROZNAMA_S3_SECRET_KEY=testing
"$ROOT/.venv/bin/python" "$ROOT/scripts/s3-bucket.py"
echo "S3 (moto) on 127.0.0.1:$PORT, bucket $ROZNAMA_S3_BUCKET (throwaway)"
"$@"
