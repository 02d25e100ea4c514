#!/usr/bin/env bash
# The whole test suite: installs what it needs, starts its own PostgreSQL and runs pytest on it.
#   scripts/test.sh            everything, on PostgreSQL
#   scripts/test.sh --sqlite   the fast option: SQLite, no server
# Extra arguments go to pytest (e.g. scripts/test.sh -k article).
set -euo pipefail
cd "$(dirname "$0")/.."
use_sqlite=0
if [ "${1:-}" = "--sqlite" ]; then use_sqlite=1; shift; fi

scripts/bootstrap.sh test
scripts/system-packages.sh
scripts/validators.sh

mkdir -p test-output
if [ "$use_sqlite" -eq 1 ]; then
  unset DATABASE_URL
  exec .venv/bin/python -m pytest "$@"
fi
exec scripts/with-redis.sh scripts/with-postgres.sh .venv/bin/python -m pytest "$@"
