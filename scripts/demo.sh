#!/usr/bin/env bash
# Installs Roznama into .venv and starts the demo newsroom on http://127.0.0.1:8000.
# Extra arguments go to `roznama demo` (e.g. --port 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
exec .venv/bin/roznama demo "$@"
