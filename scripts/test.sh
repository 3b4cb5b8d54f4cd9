#!/usr/bin/env bash
# test.sh runs every test: it installs what a fresh machine lacks, then vets
# and tests all packages, the headless-Chromium browser tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
go vet ./...
go test -count=1 -timeout 30m ./...
