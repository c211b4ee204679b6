#!/usr/bin/env bash
# Installs the Debian packages the tests drive, only when missing. Another apt-get or
# unattended-upgrades may hold the dpkg lock: apt waits for it (up to 5 minutes) instead of failing.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v podman >/dev/null 2>&1 || need+=(podman)
command -v runc >/dev/null 2>&1 || need+=(runc)
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
if [ ${#need[@]} -eq 0 ]; then
  echo "== system packages: all present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${need[*]}. Install them with: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "== installing Debian packages: ${need[*]} (waits for the apt lock if another install holds it)"
export DEBIAN_FRONTEND=noninteractive
lock=(-o DPkg::Lock::Timeout=300)
apt-get "${lock[@]}" update -qq
apt-get "${lock[@]}" install -y -qq "${need[@]}" >/dev/null
