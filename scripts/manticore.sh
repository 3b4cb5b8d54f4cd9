#!/usr/bin/env bash
# manticore.sh serves the search UI, API and widget from a local cluster of
# three searchd (Sphinx 2.2.11 from Debian's sphinxsearch, or Manticore's
# if installed) instead of the embedded Bleve index: it writes the nodes'
# configs into data/manticore, starts them, writes the embedded corpus (or
# the PATHs given) into their shards and serves at http://localhost:8080
# (PULLQUOTE_ADDR to change). Ctrl-C stops the server and the nodes.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v searchd >/dev/null 2>&1; then
  echo "manticore: installing sphinxsearch" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends sphinxsearch >/dev/null
fi
dir=data/manticore
base=${PULLQUOTE_MANTICORE_PORT:-9306}
go build -o "$dir/pullquote" ./cmd/pullquote
for pid in "$dir"/node-*/searchd.pid; do
  [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true
done
sleep 0.5
rm -rf "$dir"/node-*
"$dir/pullquote" manticore config --shards 3 --replicas 1 --base-port "$base" --dir "$dir" >/dev/null
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; }
trap stop EXIT
for conf in "$dir"/node-*/searchd.conf; do
  searchd --config "$conf" --nodetach >"${conf%searchd.conf}stdout.log" 2>&1 &
  pids+=($!)
done
backend="sphinxql://127.0.0.1:$base,127.0.0.1:$((base + 2)),127.0.0.1:$((base + 4))/pullquote"
for _ in $(seq 100); do
  "$dir/pullquote" search --backend "$backend" --json film >/dev/null 2>&1 && break
  sleep 0.1
done
"$dir/pullquote" index --backend "$backend" "$@"
"$dir/pullquote" serve --backend "$backend"
