#!/usr/bin/env bash
# deps.sh installs what the tests need and a fresh machine lacks: Debian's
# chromium and chromium-driver (for the browser tests in web/, which skip
# without Chromium unless CI is set, and then fail). Idempotent and quiet
# when everything is present. Go modules come through "go" itself.
set -euo pipefail
need=()
# fonts-liberation is only recommended by chromium; without it pages (and
# docs/screenshot.png) render in whatever font fontconfig falls back to.
command -v chromium >/dev/null 2>&1 || need+=(chromium fonts-liberation)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
if [ "${#need[@]}" -gt 0 ]; then
  echo "deps: installing ${need[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # Another apt (an unattended upgrade, a second checkout's tests) may hold
  # the lock: wait for it rather than fail.
  lock=(-o DPkg::Lock::Timeout=600)
  $sudo apt-get "${lock[@]}" update -qq
  $sudo DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
