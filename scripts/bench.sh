#!/usr/bin/env bash
# bench.sh [SIZES] [PQBENCH FLAGS...] runs the benchmark of pullquote against
# Bleve (default settings), SQLite FTS5 (Debian's sqlite3), PostgreSQL full-text search,
# Sphinx 2.2.11 (Debian sphinxsearch, the Manticore ancestor) and OpenSearch
# 2.19 (scripts/opensearch.sh), and of pullquote on its cluster backends, on a
# synthetic corpus of SIZES paragraphs (comma-separated, default
# "10000,100000"), and writes docs/bench/results.md, latency.png and
# results.json. It installs PostgreSQL, Sphinx, SQLite, a JDK and Maven from Debian when missing;
# the benchmark starts and stops its own servers in temporary directories.
#
#   scripts/bench.sh                 # 10k and 100k paragraphs
#   scripts/bench.sh 10000           # what CI runs
#   scripts/bench.sh 1000000 -load-duration 20s
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="${1:-10000,100000}"
[ "$#" -gt 0 ] && shift
missing=()
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
command -v searchd >/dev/null 2>&1 && command -v indexer >/dev/null 2>&1 || missing+=(sphinxsearch)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless) # OpenSearch's nodes
command -v mvn >/dev/null 2>&1 || missing+=(maven)                     # and its jars
if [ "${#missing[@]}" -gt 0 ]; then
  echo "bench: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  lock=(-o DPkg::Lock::Timeout=600) # wait for another apt rather than fail
  $sudo apt-get "${lock[@]}" update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y -qq "${missing[@]}" >/dev/null
fi
bin="$(mktemp -d)/pqbench"
go build -o "$bin" ./cmd/pqbench
"$bin" -sizes "$sizes" -out docs/bench "$@"
rm -f "$bin"
