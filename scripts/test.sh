#!/usr/bin/env bash
# The whole test suite: installs what it needs, starts its own PostgreSQL and runs pytest on it,
# then the media apps' tests with media in an S3 bucket (scripts/with-s3.sh), then the read
# replica's tests on a PostgreSQL primary with a streaming replica.
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
scripts/with-redis.sh scripts/with-postgres.sh .venv/bin/python -m pytest "$@"
# The apps that store or show media, again with media in an S3 bucket (moto's S3 server).
if [ "$#" -eq 0 ]; then
  scripts/with-s3.sh scripts/with-redis.sh scripts/with-postgres.sh .venv/bin/python -m pytest \
    tests/roznama/news tests/roznama/seo tests/roznama/wire_pipeline tests/roznama/wpimport tests/roznama/s3media
fi
# The read replica's tests (skipped above) against a primary and its streaming replica.
if [ "$#" -eq 0 ]; then
  exec scripts/with-redis.sh scripts/with-postgres-replica.sh .venv/bin/python -m pytest -m replica tests/roznama/replica
fi
