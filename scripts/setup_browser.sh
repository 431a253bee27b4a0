#!/usr/bin/env bash
# What the browser tests need, installed only when missing: Debian's chromium (Playwright drives it; its own
# browser downloads do not work on these machines) and axe-core from the npm registry, pinned in
# tests/e2e/axe/package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "setup: chromium is missing; install Debian's package 'chromium' (apt-get install chromium)" >&2
    exit 1
  fi
  SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo "sudo")
  echo "setup: installing Debian's chromium (about a minute)"
  start=$SECONDS
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
  echo "setup: chromium ready in $((SECONDS - start)) s: $(chromium --version)"
fi

AXE=tests/e2e/axe
if [ ! -f "$AXE/node_modules/axe-core/axe.min.js" ] || [ "$AXE/package-lock.json" -nt "$AXE/node_modules/.package-lock.json" ]; then
  echo "setup: installing axe-core from the npm registry"
  npm ci --prefix "$AXE" --no-audit --no-fund --loglevel=error
fi
