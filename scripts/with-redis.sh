#!/usr/bin/env bash
# Runs a command against a throwaway Redis server of its own: a free port on 127.0.0.1, no
# persistence, ROZNAMA_REDIS_URL exported, and the server stopped and its folder removed
# afterwards, whatever happens.  Composes with with-postgres.sh:
#   scripts/with-redis.sh scripts/with-postgres.sh .venv/bin/python -m pytest tests/roznama/cache
# Usage: scripts/with-redis.sh COMMAND [ARGS...]
set -euo pipefail
# shellcheck source=scripts/throwaway.sh
. "$(dirname "$0")/throwaway.sh"
REDIS_SERVER=$(command -v redis-server || true)
if [ -z "$REDIS_SERVER" ]; then
  echo "redis-server is not installed (Debian: apt-get install redis-server)" >&2
  exit 1
fi
REDIS_DIR=$(mktemp -d -t roznama-redis-XXXXXX)
PORT=$(free_port)

cleanup() {
  stop_server "$REDIS_DIR/redis.pid" "$REDIS_DIR"
}
trap cleanup EXIT INT TERM

"$REDIS_SERVER" --port "$PORT" --bind 127.0.0.1 --dir "$REDIS_DIR" --daemonize yes \
  --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" \
  --save "" --appendonly no --maxmemory 512mb --maxmemory-policy allkeys-lru >/dev/null
for _ in $(seq 100); do
  if redis-cli -h 127.0.0.1 -p "$PORT" ping >/dev/null 2>&1; then break; fi
  sleep 0.1
done
echo "Redis $("$REDIS_SERVER" --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$PORT (throwaway)"
export ROZNAMA_REDIS_URL="redis://127.0.0.1:$PORT/0"
"$@"
