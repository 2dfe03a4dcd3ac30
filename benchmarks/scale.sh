#!/usr/bin/env bash
# The query benchmark at 10x: how p50 and p99 grow from 50,000 to 500,000
# IMDB reviews, for herdex, stock Xapian and SQLite FTS5, and what the
# databases and the indexing runs cost.
#
#   benchmarks/scale.sh [OPTIONS]
#
#   --copies N      Copies of the 100,000 IMDB reviews (train, test, unsup) in the large
#                   corpus, each with its ids prefixed "rK-" (default 5: 500,000 documents)
#   --small DIR     Databases for the 50,000 reviews (train + test) already built by
#                   `compare.sh --work DIR` (herdex-en, xapian-en, fts5-en.sqlite);
#                   default: built here
#   --data DIR      The shared data sets (default: ../shared/data beside the source tree)
#   --queries FILE  Default: benchmarks/queries/imdb.tsv
#   --repeat R      Timed runs of every query (default 5)
#   --no-fts5       Leave SQLite FTS5 out
#   --build DIR, --no-build, --work DIR, --keep   as for compare.sh (the large corpus and
#                   its databases take about 12 GB: choose --work accordingly)
#
# Indexing runs under /usr/bin/time -v (its maximum resident set size is printed beside
# bench_index's own getrusage figure). Prints the indexing table, then p50/p99 per class
# and engine at both sizes with the growth factor; writes WORK/scale.md and WORK/scale.svg.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

build=$here/build-bench
data=$here/../shared/data
work=
keep=0
no_build=0
copies=5
small=
repeat=5
fts5=1
queries=$here/benchmarks/queries/imdb.tsv
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --copies) copies=$2; shift ;;
    --small) small=$2; shift ;;
    --data) data=$2; shift ;;
    --queries) queries=$2; shift ;;
    --repeat) repeat=$2; shift ;;
    --no-fts5) fts5=0 ;;
    --build) build=$2; shift ;;
    --no-build) no_build=1 ;;
    --work) work=$2; shift ;;
    --keep) keep=1 ;;
    -h|--help) usage ;;
    *) echo "scale.sh: unknown argument $1" >&2; usage ;;
  esac
  shift
done
[ -d "$data/imdb" ] || { echo "scale.sh: $data/imdb is missing (the IMDB reviews are needed)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "scale.sh: /usr/bin/time is missing (Debian package 'time')" >&2; exit 1; }
data=$(cd "$data" && pwd)
if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/herdex-scale.XXXXXX")
  [ "$keep" = 1 ] || trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
work=$(cd "$work" && pwd)
bin=$build/benchmarks
if [ "$no_build" = 0 ]; then
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHERDEX_BUILD_BENCHMARKS=ON \
      -DHERDEX_BUILD_TESTS=OFF --log-level=WARNING >/dev/null
  fi
  cmake --build "$build" --target bench_index bench_query bench_report >/dev/null
fi
engines=(xapian herdex)
[ "$fts5" = 1 ] && engines+=(fts5)

docs=$((copies * 100000))
{
  commit='(not a git checkout)'
  if git -C "$here" rev-parse --short HEAD >/dev/null 2>&1; then
    commit=$(git -C "$here" rev-parse --short HEAD)
    git -C "$here" diff --quiet HEAD -- . 2>/dev/null || commit="$commit (with uncommitted changes)"
  fi
  echo "## $(date -u +%Y-%m-%d) — scale: 50,000 and $docs documents, herdex $commit"
  echo
  echo "- machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- large corpus: $copies copies of imdb_{train,test,unsup} (ids prefixed r0- … r$((copies - 1))-); queries: $queries, $repeat timed run(s) each"
  echo
} | tee "$work/scale.md"

large=$work/imdb-$docs.jsonl
if [ ! -s "$large" ]; then
  echo "writing $large..." >&2
  for ((r = 0; r < copies; r++)); do
    zcat "$data"/imdb/imdb_{train,test,unsup}.jsonl.gz | sed "s/^{\"id\": \"/{\"id\": \"r$r-/"
  done > "$large"
fi

: > "$work/index.jsonl"
index() {  # index LABEL FILE...
  local label=$1
  shift
  for engine in "${engines[@]}"; do
    local db=$work/$engine-$label
    [ "$engine" = fts5 ] && db=$db.sqlite
    echo "indexing $label with $engine..." >&2
    /usr/bin/time -v -o "$work/time-$engine-$label.txt" \
      "$bin/bench_index" --engine "$engine" --db "$db" --label "$label" --id-field id "$@" > "$work/line.json"
    local rss_kb
    rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time-$engine-$label.txt")
    sed "s/}\$/,\"time_v_max_rss_kb\":$rss_kb}/" "$work/line.json" >> "$work/index.jsonl"
  done
}
if [ -z "$small" ]; then
  index 50k "$data/imdb/imdb_train.jsonl.gz" "$data/imdb/imdb_test.jsonl.gz"
  small_herdex=$work/herdex-50k small_xapian=$work/xapian-50k small_fts5=$work/fts5-50k.sqlite
else
  small_herdex=$small/herdex-en small_xapian=$small/xapian-en small_fts5=$small/fts5-en.sqlite
fi
index "$docs" "$large"

status=0
fts5_args() { [ "$fts5" = 1 ] && echo "--fts5-db $1"; }
echo "querying 50k..." >&2
# shellcheck disable=SC2046
"$bin/bench_query" --label 50k --queries "$queries" --repeat "$repeat" --json \
  --herdex-db "$small_herdex" --xapian-db "$small_xapian" $(fts5_args "$small_fts5") > "$work/query-50k.json" || status=1
echo "querying $docs..." >&2
# shellcheck disable=SC2046
"$bin/bench_query" --label "$docs" --queries "$queries" --repeat "$repeat" --json \
  --herdex-db "$work/herdex-$docs" --xapian-db "$work/xapian-$docs" $(fts5_args "$work/fts5-$docs.sqlite") \
  > "$work/query-$docs.json" || status=1
"$bin/bench_report" --growth --index "$work/index.jsonl" --query "$work/query-50k.json" --query "$work/query-$docs.json" \
  --plot "$work/scale.svg" --title "Query latency, 50,000 and $docs IMDB reviews" | tee -a "$work/scale.md"
echo "results: $work/scale.md, plot: $work/scale.svg" >&2
[ "$status" = 0 ] || echo "scale.sh: some searches failed (see above)" >&2
exit "$status"
