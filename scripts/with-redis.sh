#!/usr/bin/env bash
# Runs a command against a throwaway Redis server of its own: a free port on 127.0.0.1, no
# persistence, ROZNAMA_REDIS_URL exported, and the server stopped and its folder removed
# afterwards, whatever happens.  Composes with with-postgres.sh:
#   scripts/with-redis.sh scripts/with-postgres.sh .venv/bin/python -m pytest tests/roznama/cache
# Usage: scripts/with-redis.sh COMMAND [ARGS...]
set -euo pipefail
REDIS_SERVER=$(command -v redis-server || true)
if [ -z "$REDIS_SERVER" ]; then
  echo "redis-server is not installed (Debian: apt-get install redis-server)" >&2
  exit 1
fi
REDIS_DIR=$(mktemp -d -t roznama-redis-XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

cleanup() {
  local pid
  pid=$(cat "$REDIS_DIR/redis.pid" 2>/dev/null || true)
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -rf "$REDIS_DIR"
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
