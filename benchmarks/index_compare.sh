#!/usr/bin/env bash
# Indexing: herdex vs stock Xapian, same corpus, same batching, alternating
# runs; prints each run and the medians with ratios.
#   benchmarks/index_compare.sh [BUILD_DIR] [RUNS] [FILE...]
# Defaults: build-bench, 3 runs, the 50,000 IMDB reviews in ../shared/data.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build-bench}
runs=${2:-3}
shift $(( $# > 2 ? 2 : $# )) || true
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  data=$here/../shared/data/imdb
  files=("$data/imdb_train.jsonl.gz" "$data/imdb_test.jsonl.gz")
fi
if [ ! -x "$build/benchmarks/bench_index" ]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHERDEX_BUILD_BENCHMARKS=ON \
    -DHERDEX_BUILD_TESTS=OFF --log-level=WARNING >/dev/null
  cmake --build "$build" --target bench_index >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "# $(uname -srm), $(nproc) cores; files: ${files[*]}"
for i in $(seq "$runs"); do
  for engine in xapian herdex; do
    "$build/benchmarks/bench_index" --engine "$engine" --db "$work/$engine" --id-field id "${files[@]}" \
      | tee -a "$work/results.jsonl"
  done
  # herdex again on the unchanged input: no analysis, only change detection.
  "$build/benchmarks/bench_index" --engine herdex --db "$work/herdex" --id-field id --keep "${files[@]}" \
    | sed 's/"engine":"herdex"/"engine":"herdex-reindex"/' | tee -a "$work/results.jsonl"
done
python3 - "$work/results.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
med = {}
for e in ("xapian", "herdex", "herdex-reindex"):
    rs = [r for r in rows if r["engine"] == e]
    med[e] = {k: statistics.median(r[k] for r in rs) for k in ("seconds", "cpu_seconds", "docs_per_s", "mb_per_s", "db_bytes", "peak_rss_mb", "passages")}
print(f"{'engine':8} {'seconds':>8} {'CPU s':>8} {'docs/s':>8} {'MB/s':>6} {'db MB':>7} {'RSS MB':>7} {'passages':>9}")
for e, m in med.items():
    print(f"{e:8} {m['seconds']:8.2f} {m['cpu_seconds']:8.2f} {m['docs_per_s']:8.0f} {m['mb_per_s']:6.2f} {m['db_bytes']/1e6:7.1f} {m['peak_rss_mb']:7.0f} {m['passages']:9.0f}")
x, h = med["xapian"], med["herdex"]
print(f"ratio herdex/xapian: time {h['seconds']/x['seconds']:.2f}x, CPU {h['cpu_seconds']/x['cpu_seconds']:.2f}x, size {h['db_bytes']/x['db_bytes']:.2f}x, RSS {h['peak_rss_mb']/x['peak_rss_mb']:.2f}x")
print(f"re-index of unchanged input: {h['seconds']/med['herdex-reindex']['seconds']:.1f}x faster than the first run")
PY
