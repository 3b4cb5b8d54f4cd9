#!/usr/bin/env bash
# opensearch.sh starts and stops a local OpenSearch cluster for pullquote's
# OpenSearch backend: tests, benchmarks and trials. OpenSearch 2.19 is
# assembled from Maven Central (scripts/opensearch/pom.xml: the server, the
# transport, the analysis and painless modules, log4j-core), resolved and
# compiled once into .cache/opensearch, and each node is one JVM running
# scripts/opensearch/OpenSearchNode.java. A real cluster needs none of it:
# pass its address to --backend.
#
#   scripts/opensearch.sh up --nodes 3 --dir DIR [--port 9200] [--heap 512m]
#       starts node 0..N-1 (HTTP on PORT+K, transport on PORT+100+K, on
#       127.0.0.1), waits for a green cluster of N nodes, writes each
#       node's PID to DIR/node-K/pid, and prints the backend address
#       opensearch://127.0.0.1:PORT,…/pullquote as its last line.
#   scripts/opensearch.sh down --dir DIR
#       stops the nodes of DIR (SIGTERM, then SIGKILL after 30 s).
#   scripts/opensearch.sh node --node K --nodes N --dir DIR [--port P] [--hosts H0,H1,…] [--heap 512m]
#       runs node K in the foreground (the JVM replaces the shell): what up
#       runs for each node, and what tests run to kill or cut off one. With
#       --hosts, node K binds Hk and finds the others at Hj:PORT+100+j.
#   scripts/opensearch.sh classpath
#       resolves and compiles the launcher, and prints its classpath.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.cache/opensearch"

die() { echo "opensearch.sh: $*" >&2; exit 2; }

# classpath resolves the POM's dependencies once (keyed by the POM's and
# the launcher's content) and compiles the launcher.
classpath() {
  local key
  key="$(cat "$root/scripts/opensearch/pom.xml" "$root/scripts/opensearch/OpenSearchNode.java" | sha256sum | cut -c1-16)"
  local dir="$cache/$key"
  if [ ! -s "$dir/classpath" ]; then
    command -v mvn >/dev/null 2>&1 || die "mvn (Maven) is needed to fetch OpenSearch's jars"
    command -v javac >/dev/null 2>&1 || die "javac (a JDK 17) is needed"
    mkdir -p "$dir/classes"
    echo "opensearch.sh: resolving OpenSearch from Maven Central (once)" >&2
    mvn -q -B -Dstyle.color=never -f "$root/scripts/opensearch/pom.xml" dependency:build-classpath \
      -Dmdep.outputFile="$dir/deps.tmp" >&2
    javac -d "$dir/classes" -cp "$(cat "$dir/deps.tmp")" "$root/scripts/opensearch/OpenSearchNode.java"
    echo "$dir/classes:$(cat "$dir/deps.tmp")" > "$dir/classpath.tmp"
    mv "$dir/classpath.tmp" "$dir/classpath"
  fi
  cat "$dir/classpath"
}

node() {
  local k="" n="" dir="" port=9200 hosts="" heap=512m
  while [ $# -gt 0 ]; do
    case "$1" in
      --node) k="$2"; shift 2 ;;
      --nodes) n="$2"; shift 2 ;;
      --dir) dir="$2"; shift 2 ;;
      --port) port="$2"; shift 2 ;;
      --hosts) hosts="$2"; shift 2 ;;
      --heap) heap="$2"; shift 2 ;;
      *) die "node: unknown flag $1" ;;
    esac
  done
  [ -n "$k" ] && [ -n "$n" ] && [ -n "$dir" ] || die "node: --node, --nodes and --dir are needed"
  local ip=(); local i
  if [ -n "$hosts" ]; then IFS=, read -r -a ip <<< "$hosts"; else for ((i = 0; i < n; i++)); do ip+=(127.0.0.1); done; fi
  [ "${#ip[@]}" -eq "$n" ] || die "node: --hosts names ${#ip[@]} hosts for $n nodes"
  local seeds=() names=()
  for ((i = 0; i < n; i++)); do seeds+=("${ip[$i]}:$((port + 100 + i))"); names+=("node-$i"); done
  local home="$dir/node-$k"
  mkdir -p "$home"
  local cp; cp="$(classpath)"
  local settings=(
    "node.name=node-$k" "cluster.name=pullquote"
    "network.host=${ip[$k]}" "http.port=$((port + k))" "transport.port=$((port + 100 + k))"
    "path.data=$home/data" "path.logs=$home/logs"
    # A test machine's disk is often fuller than a server's: never refuse
    # shards for it.
    "cluster.routing.allocation.disk.threshold_enabled=false"
    "action.auto_create_index=false"
  )
  if [ "$n" -eq 1 ]; then
    settings+=("discovery.type=single-node")
  else
    settings+=("discovery.seed_hosts=$(IFS=,; echo "${seeds[*]}")"
      "cluster.initial_cluster_manager_nodes=$(IFS=,; echo "${names[*]}")"
      # A node cut off is dropped after 3 checks of 1 s + 3 s, not 3 of
      # 1 s + 10 s: until then, searches whose shards it holds wait. (One
      # machine's nodes answer a check in milliseconds; a real cluster's
      # defaults allow for long pauses.)
      "cluster.fault_detection.follower_check.timeout=3s"
      "cluster.fault_detection.leader_check.timeout=3s")
  fi
  exec java "-Xms$heap" "-Xmx$heap" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.formatMsgNoLookups=true -Dio.netty.allocator.numDirectArenas=0 \
    -cp "$cp" pullquote.OpenSearchNode "$home" "${settings[@]}"
}

up() {
  local n=1 dir="" port=9200 heap=512m
  while [ $# -gt 0 ]; do
    case "$1" in
      --nodes) n="$2"; shift 2 ;;
      --dir) dir="$2"; shift 2 ;;
      --port) port="$2"; shift 2 ;;
      --heap) heap="$2"; shift 2 ;;
      *) die "up: unknown flag $1" ;;
    esac
  done
  [ -n "$dir" ] || die "up: --dir is needed"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  classpath >/dev/null
  local k addrs=()
  for ((k = 0; k < n; k++)); do
    mkdir -p "$dir/node-$k"
    "$0" node --node "$k" --nodes "$n" --dir "$dir" --port "$port" --heap "$heap" > "$dir/node-$k/stdout.log" 2>&1 &
    echo $! > "$dir/node-$k/pid"
    addrs+=("127.0.0.1:$((port + k))")
  done
  # Green: every node joined and every shard allocated.
  local deadline=$((SECONDS + 180)) health=""
  until health="$(curl -s "http://127.0.0.1:$port/_cluster/health?wait_for_status=green&wait_for_nodes=$n&timeout=5s" 2>/dev/null)" &&
    [[ "$health" == *'"status":"green"'* ]] && [[ "$health" != *'"timed_out":true'* ]]; do
    for ((k = 0; k < n; k++)); do
      kill -0 "$(cat "$dir/node-$k/pid")" 2>/dev/null || { tail -30 "$dir/node-$k/stdout.log" >&2; die "node $k exited"; }
    done
    [ $SECONDS -lt $deadline ] || { down --dir "$dir"; die "the cluster was not green within 180 s: $health"; }
    sleep 1
  done
  echo "opensearch://$(IFS=,; echo "${addrs[*]}")/pullquote"
}

down() {
  local dir=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --dir) dir="$2"; shift 2 ;;
      *) die "down: unknown flag $1" ;;
    esac
  done
  [ -n "$dir" ] || die "down: --dir is needed"
  local pids=() f
  for f in "$dir"/node-*/pid; do
    [ -e "$f" ] || continue
    pids+=("$(cat "$f")")
    rm -f "$f"
  done
  [ "${#pids[@]}" -gt 0 ] || return 0
  kill -TERM "${pids[@]}" 2>/dev/null || true
  local deadline=$((SECONDS + 30)) p alive
  while :; do
    alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && return 0
    [ $SECONDS -lt $deadline ] || break
    sleep 0.5
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
}

cmd="${1:-}"; shift || true
case "$cmd" in
  up) up "$@" ;;
  down) down "$@" ;;
  node) node "$@" ;;
  classpath) classpath ;;
  *) die "usage: opensearch.sh up|down|node|classpath (see the script's head)" ;;
esac
