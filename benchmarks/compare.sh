#!/usr/bin/env bash
# herdex side by side with what users would pick instead, on the same corpus
# and queries, in one run: herdex (full search: passages and snippets, top
# 10), stock Xapian 1.4 (TermGenerator + QueryParser, BM25, get_mset(0, 10),
# no snippets) and SQLite FTS5 ('porter unicode61' for English, 'trigram'
# for CJK; ORDER BY bm25 LIMIT 10, with and without snippet()).
#
#   benchmarks/compare.sh [OPTIONS] [EN_CORPUS.jsonl[.gz]...]
#
#   --en FILE           English corpus, JSON Lines (repeatable; also positional).
#                       Default: DATA/imdb/imdb_{train,test}.jsonl.gz (50,000 reviews)
#   --en-queries FILE   Default: benchmarks/queries/imdb.tsv
#   --cjk FILE          CJK corpus (repeatable). Default: DATA/{cmrc2018,drcd,jsquad}/corpus.jsonl.gz
#                       and the Douban reviews in DATA/douban
#   --cjk-queries FILE  Default: benchmarks/queries/cjk.tsv
#   --data DIR          The shared data sets. Default: ../shared/data beside the source tree
#   --synthetic N       A synthetic corpus of N English and N/4 CJK documents, with its own
#                       query sets (bench_corpus). The default when DATA is absent and no
#                       corpus is given.
#   --repeat R          Timed runs of every query (default 5)
#   --index-runs N      Indexing runs per engine and corpus; medians are reported (default 1)
#   --build DIR         Build directory (default: build-bench, configured Release with
#                       benchmarks if needed). --no-build: use the programs already there.
#   --work DIR          Databases and results (default: a temporary directory, removed at
#                       the end unless --keep)
#
# Prints the machine, then one Markdown table: index time, size and peak RSS per corpus,
# p50 and p99 per query class, each as a ratio to stock Xapian; then herdex's time per
# phase. Writes WORK/results.md and WORK/latency.svg (latency CDF per class and engine).
# Indexing runs one engine at a time, each in its own process; queries run in one
# process, the engines taking turns query by query (bench_query), so that noise on a
# shared machine hits them alike.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

build=$here/build-bench
data=$here/../shared/data
work=
keep=0
no_build=0
repeat=5
index_runs=1
synthetic=0
en=()
cjk=()
en_queries=$here/benchmarks/queries/imdb.tsv
cjk_queries=$here/benchmarks/queries/cjk.tsv
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --en) en+=("$2"); shift ;;
    --cjk) cjk+=("$2"); shift ;;
    --en-queries) en_queries=$2; shift ;;
    --cjk-queries) cjk_queries=$2; shift ;;
    --data) data=$2; shift ;;
    --synthetic) synthetic=$2; shift ;;
    --repeat) repeat=$2; shift ;;
    --index-runs) index_runs=$2; shift ;;
    --build) build=$2; shift ;;
    --no-build) no_build=1 ;;
    --work) work=$2; shift ;;
    --keep) keep=1 ;;
    -h|--help) usage ;;
    -*) echo "compare.sh: unknown option $1" >&2; usage ;;
    *) en+=("$1") ;;
  esac
  shift
done

work_given=1
if [ -z "$work" ]; then
  work_given=0
  work=$(mktemp -d "${TMPDIR:-/tmp}/herdex-compare.XXXXXX")
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
  cmake --build "$build" --target bench_index bench_query bench_report bench_corpus >/dev/null
fi
for p in bench_index bench_query bench_report bench_corpus; do
  [ -x "$bin/$p" ] || { echo "compare.sh: $bin/$p is missing (build with -DHERDEX_BUILD_BENCHMARKS=ON)" >&2; exit 1; }
done

# The corpora: given, the shared data, or synthetic.
[ -d "$data" ] && data=$(cd "$data" && pwd)
if [ "$synthetic" = 0 ] && [ ${#en[@]} -eq 0 ] && [ ! -d "$data/imdb" ]; then
  synthetic=2000
  echo "compare.sh: no $data/imdb; using a synthetic corpus of $synthetic documents" >&2
fi
if [ "$synthetic" != 0 ]; then
  mkdir -p "$work/synthetic"
  "$bin/bench_corpus" --docs "$synthetic" --out "$work/synthetic" >/dev/null
  en=("$work/synthetic/en.jsonl")
  cjk=("$work/synthetic/cjk.jsonl")
  en_queries=$work/synthetic/en.tsv
  cjk_queries=$work/synthetic/cjk.tsv
else
  [ ${#en[@]} -gt 0 ] || en=("$data/imdb/imdb_train.jsonl.gz" "$data/imdb/imdb_test.jsonl.gz")
  if [ ${#cjk[@]} -eq 0 ] && [ -d "$data/cmrc2018" ]; then
    for f in "$data"/{cmrc2018,drcd,jsquad}/corpus.jsonl.gz "$data"/douban/*.jsonl.gz; do
      [ -f "$f" ] && cjk+=("$f")
    done
  fi
fi

# The machine, for the record.
{
  commit='(not a git checkout)'
  if git -C "$here" rev-parse --short HEAD >/dev/null 2>&1; then
    commit=$(git -C "$here" rev-parse --short HEAD)
    git -C "$here" diff --quiet HEAD -- . 2>/dev/null || commit="$commit (with uncommitted changes)"
  fi
  echo "## $(date -u +%Y-%m-%d) — herdex $commit"
  echo
  echo "- machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- build: $(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt"), $("$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")" --version | head -1)"
  echo "- Xapian $(xapian-config --version 2>/dev/null | awk '{print $NF}'), SQLite $(pkg-config --modversion sqlite3 2>/dev/null || echo '?')"
  echo "- English corpus: ${en[*]}; queries: $en_queries"
  [ ${#cjk[@]} -eq 0 ] || echo "- CJK corpus: ${cjk[*]}; queries: $cjk_queries"
  echo "- $repeat timed run(s) of every query after one warm-up run; $index_runs indexing run(s) per engine and corpus"
  echo
} | tee "$work/results.md"

# Indexing, one engine at a time.
: > "$work/index.jsonl"
index() {  # index LABEL ID_FIELD FTS5_TOKENIZER FILE...
  local label=$1 id_field=$2 tokenizer=$3
  shift 3
  for engine in xapian herdex fts5; do
    local db=$work/$engine-$label
    [ "$engine" = fts5 ] && db=$db.sqlite
    echo "indexing $label with $engine..." >&2
    "$bin/bench_index" --engine "$engine" --db "$db" --label "$label" --id-field "$id_field" \
      --fts5-tokenizer "$tokenizer" "$@" >> "$work/index.jsonl"
  done
}
for _ in $(seq "$index_runs"); do
  index en id 'porter unicode61' "${en[@]}"
  [ ${#cjk[@]} -eq 0 ] || index cjk _id trigram "${cjk[@]}"
done

# Queries: all engines in one process per corpus.
status=0
query() {  # query LABEL QUERIES
  local label=$1 queries=$2
  echo "querying $label ($repeat runs)..." >&2
  "$bin/bench_query" --label "$label" --queries "$queries" --repeat "$repeat" --json \
    --herdex-db "$work/herdex-$label" --xapian-db "$work/xapian-$label" --fts5-db "$work/fts5-$label.sqlite" \
    > "$work/query-$label.json" || status=1
}
query en "$en_queries"
reports=(--query "$work/query-en.json")
if [ ${#cjk[@]} -gt 0 ]; then
  query cjk "$cjk_queries"
  reports+=(--query "$work/query-cjk.json")
fi

"$bin/bench_report" --index "$work/index.jsonl" "${reports[@]}" --plot "$work/latency.svg" \
  --title "Query latency per class: herdex, stock Xapian, SQLite FTS5 ($repeat timed run(s) per query)" \
  | tee -a "$work/results.md"
echo >&2
removed=
[ "$work_given" = 1 ] || [ "$keep" = 1 ] || removed=' (removed at exit; use --keep or --work DIR to keep them)'
echo "results: $work/results.md, plot: $work/latency.svg$removed" >&2
if [ "$status" != 0 ]; then
  echo "compare.sh: some searches failed (see above)" >&2
fi
exit "$status"
