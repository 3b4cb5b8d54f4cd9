#!/usr/bin/env bash
# soak.sh [DURATION] [REVIEWS] serves a synthetic index on loopback and
# loads /api/search for DURATION (default 5m) at 16 connections, printing
# every 10 s the requests/s, errors (non-2xx and socket errors), p99 latency
# and the server's resident memory, so anyone can check that memory stays
# flat and errors stay at zero. Loopback only; it stops by itself and stops
# the server it started.
#
#   scripts/soak.sh            # 5 minutes on 20,000 synthetic reviews (~70,000 paragraphs)
#   scripts/soak.sh 1m 100000
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-5m}"
reviews="${2:-20000}"
case "$duration" in
  *m) seconds=$((${duration%m} * 60)) ;;
  *s) seconds=${duration%s} ;;
  *) seconds=$duration ;;
esac

if ! command -v wrk >/dev/null 2>&1; then
  echo "soak: installing wrk" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  lock=(-o DPkg::Lock::Timeout=600)
  $sudo apt-get "${lock[@]}" update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y -qq wrk >/dev/null
fi

work="$(mktemp -d)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

go build -o "$work/pullquote" ./cmd/pullquote
echo "soak: indexing $reviews synthetic reviews" >&2
"$work/pullquote" corpus synth -n "$reviews" --seed 7 > "$work/corpus.jsonl"
"$work/pullquote" index --index "$work/index" "$work/corpus.jsonl" >/dev/null 2>&1

port=$((20000 + RANDOM % 20000))
"$work/pullquote" serve --index "$work/index" --addr "127.0.0.1:$port" --log-format json 2> "$work/serve.log" &
server=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

# Queries: words and phrases drawn from the corpus, each request the next.
python3 - "$work/corpus.jsonl" > "$work/queries.lua" <<'PY'
import json, random, sys, urllib.parse
random.seed(7)
words = []
with open(sys.argv[1]) as f:
    for i, line in enumerate(f):
        if i > 2000:
            break
        text = " ".join(json.loads(line).get("paragraphs", []))
        words += [w.strip('.,;:!?"()') for w in text.split() if len(w) > 3]
qs = []
for _ in range(500):
    n = random.choice([1, 2, 3])
    q = " ".join(random.choice(words) for _ in range(n))
    if random.random() < 0.2:
        q = '"' + q + '"'
    qs.append("/api/search?q=" + urllib.parse.quote(q))
print("local paths = {" + ",".join(json.dumps(q) for q in qs) + "}")
print("local i = 0")
print("request = function() i = i % #paths + 1; return wrk.format('GET', paths[i]) end")
PY

echo "seconds	req/s	errors	p99_ms	rss_mib"
end=$((SECONDS + seconds))
while [ $SECONDS -lt $end ]; do
  slice=$(( end - SECONDS < 10 ? end - SECONDS : 10 ))
  out="$(wrk -t2 -c16 -d"${slice}s" --latency -s "$work/queries.lua" "http://127.0.0.1:$port" 2>&1)"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  sockerr="$(awk '/Socket errors/ {gsub(/,/, ""); print $4+$6+$8+$10}' <<<"$out")"
  p99="$(awk '$1 == "99%" {v=$2; if (v ~ /ms$/) {sub(/ms/, "", v)} else if (v ~ /us$/) {sub(/us/, "", v); v=v/1000} else if (v ~ /s$/) {sub(/s/, "", v); v=v*1000}; print v}' <<<"$out")"
  rss="$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$server/status")"
  echo "$SECONDS	${rps:-0}	$(( ${non2xx:-0} + ${sockerr:-0} ))	${p99:-?}	$rss"
done
