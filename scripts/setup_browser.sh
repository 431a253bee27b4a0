#!/usr/bin/env bash
# What the browser tests need, installed only when missing: Debian's chromium (Playwright drives it; its own
# browser downloads do not work on these machines) and axe-core from the npm registry, pinned in
# tests/e2e/axe/package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  scripts/apt_install.sh chromium  # about a minute
fi

AXE=tests/e2e/axe
if [ ! -f "$AXE/node_modules/axe-core/axe.min.js" ] || [ "$AXE/package-lock.json" -nt "$AXE/node_modules/.package-lock.json" ]; then
  echo "setup: installing axe-core from the npm registry"
  npm ci --prefix "$AXE" --no-audit --no-fund --loglevel=error
fi
