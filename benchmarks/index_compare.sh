#!/usr/bin/env bash
# Indexing: herdex vs stock Xapian on the same corpus, runs alternating
# engine by engine; prints each run and the medians with ratios.
#   benchmarks/index_compare.sh [BUILD_DIR] [RUNS] [FILE...]
# Defaults: build-bench, 3 runs, the 50,000 IMDB reviews in ../shared/data.
# Engines: stock Xapian (its default flush, one commit at the end), herdex
# with one thread, herdex with its default threads (a bulk load), and, if
# BEFORE=path/to/bench_index is set, that build of herdex (an earlier commit)
# with its defaults.
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
bench=$build/benchmarks/bench_index
for i in $(seq "$runs"); do
  rm -rf "${work:?}"/db-*
  "$bench" --engine xapian --db "$work/db-x" --id-field id --label xapian "${files[@]}" \
    | tee -a "$work/results.jsonl"
  if [ -n "${BEFORE:-}" ]; then
    "$BEFORE" --engine herdex --db "$work/db-b" --id-field id --label herdex-before "${files[@]}" \
      | tee -a "$work/results.jsonl"
  fi
  "$bench" --engine herdex --db "$work/db-1" --id-field id --threads 1 --label herdex-1 "${files[@]}" \
    | tee -a "$work/results.jsonl"
  "$bench" --engine herdex --db "$work/db-h" --id-field id --label herdex "${files[@]}" \
    | tee -a "$work/results.jsonl"
  # herdex again on the unchanged input: no analysis, only change detection.
  "$bench" --engine herdex --db "$work/db-h" --id-field id --keep --label herdex-reindex "${files[@]}" \
    | tee -a "$work/results.jsonl"
done
python3 - "$work/results.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
labels = [l for l in ("xapian", "herdex-before", "herdex-1", "herdex", "herdex-reindex")
          if any(r["label"] == l for r in rows)]
med = {}
for e in labels:
    rs = [r for r in rows if r["label"] == e]
    med[e] = {k: statistics.median(r[k] for r in rs) for k in ("seconds", "cpu_seconds", "docs_per_s", "mb_per_s", "db_bytes", "peak_rss_mb", "passages")}
print(f"{'engine':15} {'seconds':>8} {'CPU s':>8} {'docs/s':>8} {'MB/s':>6} {'db MB':>7} {'RSS MB':>7}")
for e, m in med.items():
    print(f"{e:15} {m['seconds']:8.2f} {m['cpu_seconds']:8.2f} {m['docs_per_s']:8.0f} {m['mb_per_s']:6.2f} {m['db_bytes']/1e6:7.1f} {m['peak_rss_mb']:7.0f}")
x = med["xapian"]
for e in ("herdex-1", "herdex"):
    h = med[e]
    print(f"{e}/xapian: time {h['seconds']/x['seconds']:.2f}x, CPU {h['cpu_seconds']/x['cpu_seconds']:.2f}x, size {h['db_bytes']/x['db_bytes']:.2f}x, RSS {h['peak_rss_mb']/x['peak_rss_mb']:.2f}x")
    if "herdex-before" in med:
        b = med["herdex-before"]
        print(f"{e}/before: time {h['seconds']/b['seconds']:.2f}x, size {h['db_bytes']/b['db_bytes']:.2f}x")
print(f"re-index of unchanged input: {med['herdex-reindex']['seconds']:.2f} s")
PY
