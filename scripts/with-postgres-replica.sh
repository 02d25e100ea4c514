#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL primary and a streaming read replica of it,
# side by side: initdb and a free port for the primary, pg_basebackup -R and another free port
# for the replica (which follows the primary's WAL as a hot standby), DATABASE_URL and
# ROZNAMA_DATABASE_REPLICA_URL exported, and both servers stopped and their folders removed
# afterwards, whatever happens.  Composes with with-redis.sh like with-postgres.sh does.
# Usage: scripts/with-postgres-replica.sh COMMAND [ARGS...]
set -euo pipefail
PG_BIN=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
PG_DIR=$(mktemp -d -t roznama-pg-replica-XXXXXX)
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
PRIMARY_PORT=$(free_port)
REPLICA_PORT=$(free_port)
while [ "$REPLICA_PORT" = "$PRIMARY_PORT" ]; do REPLICA_PORT=$(free_port); done

as_pg() {
  # PostgreSQL refuses to run as root; use its own system account then.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" -eq 0 ]; then chown postgres "$PG_DIR"; fi

cleanup() {
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/replica" -m immediate stop >/dev/null 2>&1 || true
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/primary" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap cleanup EXIT INT TERM

as_pg "$PG_BIN/initdb" -D "$PG_DIR/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Speed over durability (a throwaway pair), but the WAL a replica needs is kept.  The settings go
# in the primary's configuration, so that a drill can stop it and start it
# again with a plain pg_ctl start (ROZNAMA_TEST_PRIMARY_DATA below).
cat >> "$PG_DIR/primary/postgresql.auto.conf" <<CONF
port = $PRIMARY_PORT
unix_socket_directories = '$PG_DIR'
listen_addresses = '127.0.0.1'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
wal_level = replica
max_wal_senders = 5
wal_keep_size = 256MB
CONF
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/primary" -l "$PG_DIR/primary.log" -w -t 60 start >/dev/null
as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres roznama
# -R writes standby.signal and the primary's address: the copy starts as its streaming replica.
as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$PG_DIR/replica" -R -X stream -c fast
# The replica's own settings go in its configuration, so that a drill can stop it and start it
# again with a plain pg_ctl start (ROZNAMA_TEST_PG_CTL, ROZNAMA_TEST_REPLICA_DATA below).
cat >> "$PG_DIR/replica/postgresql.auto.conf" <<CONF
port = $REPLICA_PORT
unix_socket_directories = '$PG_DIR'
listen_addresses = '127.0.0.1'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
hot_standby = on
max_standby_streaming_delay = -1
CONF
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/replica" -l "$PG_DIR/replica.log" -w -t 60 start >/dev/null
for _ in $(seq 100); do
  state=$(as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -Atc "SELECT state FROM pg_stat_replication" 2>/dev/null || true)
  if [ "$state" = "streaming" ]; then break; fi
  sleep 0.1
done
if [ "${state:-}" != "streaming" ]; then
  echo "the replica did not start streaming from the primary" >&2
  exit 1
fi
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') primary on 127.0.0.1:$PRIMARY_PORT, streaming replica on 127.0.0.1:$REPLICA_PORT (throwaway)"
export DATABASE_URL="postgresql://postgres@127.0.0.1:$PRIMARY_PORT/roznama"
export ROZNAMA_DATABASE_REPLICA_URL="postgresql://postgres@127.0.0.1:$REPLICA_PORT/roznama"
# The servers' folders and control command, for tests that stop and restart them (drills).
export ROZNAMA_TEST_REPLICA_DATA="$PG_DIR/replica"
export ROZNAMA_TEST_PRIMARY_DATA="$PG_DIR/primary"
export ROZNAMA_TEST_PG_CTL="$PG_BIN/pg_ctl"
"$@"
