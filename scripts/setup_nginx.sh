#!/usr/bin/env bash
# The load balancer of the scale-out profile (`make run-scaled`, tests/scaled): Debian's nginx, installed only
# when missing. nginx-light has what the profile uses: upstream hash, limit_req, proxy.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/sbin/nginx ]; then
  scripts/apt_install.sh nginx-light
fi
