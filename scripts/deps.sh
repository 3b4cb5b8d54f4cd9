#!/usr/bin/env bash
# deps.sh installs what the tests need and a fresh machine lacks: Debian's
# chromium and chromium-driver (for the browser tests in web/, which skip
# without Chromium unless CI is set, and then fail), sphinxsearch (Sphinx
# 2.2.11's indexer and searchd, for the benchmark's Sphinx peer and its
# test, which skips without it unless CI is set), sqlite3 (the native
# SQLite shell the benchmark's SQLite peer runs in), and the npm package
# axe-core (the accessibility checker the browser tests run in each page)
# into .cache/axe, a JDK and Maven (for OpenSearch), and OpenSearch's jars
# (resolved once into .cache/opensearch), and strace (index's test that a
# new generation is synced before it goes live reads its system calls; it
# skips without it unless CI is set). Idempotent and quiet when
# everything is present. Go modules come through "go" itself.
set -euo pipefail
need=()
# fonts-liberation is only recommended by chromium; without it pages (and
# docs/screenshot.png) render in whatever font fontconfig falls back to.
command -v chromium >/dev/null 2>&1 || need+=(chromium fonts-liberation)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v searchd >/dev/null 2>&1 && command -v indexer >/dev/null 2>&1 || need+=(sphinxsearch)
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
# A JDK and Maven for the OpenSearch backend's nodes (scripts/opensearch.sh
# assembles OpenSearch from Maven Central's jars; its tests skip without
# them unless CI is set). curl waits for a node to answer.
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v strace >/dev/null 2>&1 || need+=(strace)
if [ "${#need[@]}" -gt 0 ]; then
  echo "deps: installing ${need[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # Another apt (an unattended upgrade, a second checkout's tests) may hold
  # the lock: wait for it rather than fail.
  lock=(-o DPkg::Lock::Timeout=600)
  $sudo apt-get "${lock[@]}" update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
axe_version=4.14.1
cd "$(dirname "$0")/.."
if ! grep -qs "\"version\": \"$axe_version\"" .cache/axe/node_modules/axe-core/package.json; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "deps: installing npm" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq npm >/dev/null
  fi
  echo "deps: installing axe-core $axe_version" >&2
  npm install --prefix .cache/axe --no-audit --no-fund --silent "axe-core@$axe_version" >/dev/null
fi
# OpenSearch's jars, once: the tests start nodes from them.
scripts/opensearch.sh classpath >/dev/null
