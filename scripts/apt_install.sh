#!/usr/bin/env bash
# Installs one of Debian's packages (as root, or through sudo), without starting a service it brings: the
# project runs its own processes on its own ports.
#   scripts/apt_install.sh PACKAGE
set -euo pipefail
package="$1"

if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "setup: $package is missing; install Debian's package '$package' (apt-get install $package)" >&2
  exit 1
fi
SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo "sudo")
echo "setup: installing Debian's $package"
start=$SECONDS
made_policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then  # tells the package's scripts not to start its service
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  made_policy=1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$package" >/dev/null
if [ -n "$made_policy" ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
echo "setup: $package ready in $((SECONDS - start)) s"
