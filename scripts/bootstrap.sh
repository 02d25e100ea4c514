#!/usr/bin/env bash
# Creates .venv and installs the project into it: the demo's extras by default, the test
# extras (which the benchmarks use too) with `test`.
# Usage: scripts/bootstrap.sh [test]
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
case "${1:-}" in
  test) extras="test,demo" ;;
  *) extras="demo" ;;
esac
.venv/bin/python -m pip install --quiet -e ".[$extras]"
