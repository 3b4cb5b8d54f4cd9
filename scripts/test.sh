#!/usr/bin/env bash
# test.sh runs every test: it installs what a fresh machine lacks, then vets
# and tests all packages, the headless-Chromium browser tests included, and
# runs the web tests a second time on the Manticore backend (a cluster of
# three real searchd holding their corpus) and a third on the OpenSearch
# backend (a real node started from Maven Central's jars).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
go vet ./...
go test -count=1 -timeout 30m ./...
PULLQUOTE_TEST_BACKEND=manticore go test -count=1 -timeout 30m ./web
PULLQUOTE_TEST_BACKEND=opensearch go test -count=1 -timeout 30m ./web
