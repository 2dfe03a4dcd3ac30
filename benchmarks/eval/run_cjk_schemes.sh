#!/usr/bin/env bash
# Runs the full CJK scheme evaluation (benchmarks/eval/cjk_schemes.cc) on the
# dev/valid splits of cmrc2018, drcd and jsquad, every system, and writes the
# GitHub-markdown report to OUT (default: stdout). Progress goes to stderr.
#
# Usage:
#   benchmarks/eval/run_cjk_schemes.sh [OUT.md] [extra eval_cjk_schemes options...]
#
# Environment:
#   BUILD_DIR   build tree to use or create (default: <source>/build-eval)
#   DATA_DIR    data folder (default: <source>/../shared/data)
#   WORK_DIR    temporary databases (default: /tmp/herdex-eval)
#   JOBS        build parallelism (default: 2)
#
# Builds eval_cjk_schemes first if needed (Release, benchmarks on, tests off,
# warnings as errors). A full run takes tens of minutes on two cores.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$(cd "$here/../.." && pwd)"
build="${BUILD_DIR:-$src/build-eval}"
data="${DATA_DIR:-$src/../shared/data}"
work="${WORK_DIR:-/tmp/herdex-eval}"
jobs="${JOBS:-2}"
out="${1:--}"
if [[ $# -gt 0 ]]; then shift; fi

if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DHERDEX_BUILD_BENCHMARKS=ON -DHERDEX_BUILD_TESTS=OFF -DHERDEX_WERROR=ON \
    --log-level=WARNING >&2
fi
cmake --build "$build" -j"$jobs" --target eval_cjk_schemes >&2

cmd=("$build/benchmarks/eval/eval_cjk_schemes" --data "$data" --work "$work"
     --sets cmrc2018:dev,drcd:dev,jsquad:valid --schemes all --markdown "$@")
start=$(date +%s)
if [[ "$out" == "-" ]]; then
  "${cmd[@]}"
else
  mkdir -p "$(dirname "$out")"
  "${cmd[@]}" > "$out"
fi
where=""
if [[ "$out" != "-" ]]; then where=" ($out)"; fi
echo "run_cjk_schemes: finished in $(( $(date +%s) - start )) s$where" >&2
