#!/usr/bin/env bash
# Query latency for 1, 2 and 4 local shards and 2 remote shards on loopback,
# the same 50,000 IMDB reviews (imdb_train + imdb_test) and the same queries.
#
#   benchmarks/shard_bench.sh BUILD_DIR [REPEAT] [WORK_DIR]
#
# BUILD_DIR holds the herdex CLI and bench_shards (-DHERDEX_BUILD_BENCHMARKS=ON).
# Builds (once; kept in WORK_DIR, default /tmp/herdex-shard-bench) one
# database per shard count with `herdex index --shards N`, serves the two
# shards of the 2-shard database with two xapian-tcpsrv on 127.0.0.1, and
# runs bench_shards with the 1-shard database as baseline. Results in
# benchmarks/SHARDS.md.
set -euo pipefail

build=${1:?usage: shard_bench.sh BUILD_DIR [REPEAT] [WORK_DIR]}
repeat=${2:-5}
work=${3:-/tmp/herdex-shard-bench}
here=$(cd "$(dirname "$0")" && pwd)
data=${HERDEX_DATA:-$here/../../shared/data}/imdb
herdex=$build/cli/herdex

mkdir -p "$work"
for n in 1 2 4; do
  if [ ! -e "$work/db$n" ]; then
    echo "indexing into $n shard(s)..." >&2
    "$herdex" index --no-progress --db "$work/db$n" --shards "$n" --id-field id \
      "$data/imdb_train.jsonl.gz" "$data/imdb_test.jsonl.gz" >&2
  fi
done

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# A free port: the kernel picks one for a socket bound to port 0.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

: > "$work/remote2.stub"
for shard in shard_000 shard_001; do
  port=$(free_port)
  # setsid: xapian-tcpsrv stopped with SIGTERM signals its whole process
  # group, which would otherwise include this script.
  setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$port" "$work/db2/$shard" \
    >> "$work/servers.log" 2>&1 &
  pids+=($!)
  echo "remote 127.0.0.1:$port" >> "$work/remote2.stub"
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
done

"$build/benchmarks/bench_shards" --queries "$here/queries/imdb.tsv" --repeat "$repeat" \
  "local1=$work/db1" "local2=$work/db2" "local4=$work/db4" "remote2=$work/remote2.stub"
