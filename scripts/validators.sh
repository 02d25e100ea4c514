#!/usr/bin/env bash
# Installs the official validators the suite runs on the site's output, at the versions that
# tools/package-lock.json pins: the Nu HTML Checker (vnu-jar, run with the system's Java) and
# axe-core, which the browser tests inject into the pages chromium shows.
set -euo pipefail
cd "$(dirname "$0")/../tools"
installed_is_pinned() {
  node -e 'const want = require("./package.json").dependencies;
    for (const [name, version] of Object.entries(want)) {
      if (require("./node_modules/" + name + "/package.json").version !== version) process.exit(1);
    }' 2>/dev/null
}
if [ -f node_modules/vnu-jar/build/dist/vnu.jar ] && [ -f node_modules/axe-core/axe.min.js ] && installed_is_pinned; then
  exit 0
fi
echo "Installing the validators (npm ci in tools/)"
npm ci --no-audit --no-fund --silent
