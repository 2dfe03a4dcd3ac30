#!/usr/bin/env python3
"""What a Python search() call costs over the C++ Searcher::search() it wraps.

    PYTHONPATH=build/python python3 benchmarks/python_overhead.py DB QUERIES.tsv [--repeat 5]

For every query of the file (`class<TAB>query` lines), in turns: one
`Searcher.search(query)` timed in Python (time.perf_counter_ns around the
call: argument conversion, GIL release, the C++ search, wrapping the
results), and one C++ `Searcher::search()` of the same query with the same
options on the same Searcher, timed in C++ (`Searcher._time_search`). Each
query runs once untimed first, then --repeat times each way, the two
alternating (which goes first alternates too).

The overhead of a call is its Python time minus the time of the C++ search
inside that same call (`Searcher._last_search_ns`, timed in C++): the
binding's own cost, free of the search's noise. Prints the medians of the
Python calls, of the C++ calls, and of the overhead, and the overhead's
share of the median C++ search.
"""
import argparse
import statistics
import sys
import time

import herdex


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("queries")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    queries = []
    with open(args.queries, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                queries.append(line.split("\t", 1)[-1])
    searcher = herdex.Searcher(args.db)
    for q in queries:  # warm up
        searcher.search(q)
        searcher._time_search(q)
    py_ns, cpp_ns, diff_ns = [], [], []
    clock = time.perf_counter_ns
    for r in range(args.repeat):
        for i, q in enumerate(queries):
            def python_call():
                begin = clock()
                searcher.search(q)
                return clock() - begin
            if (r + i) % 2:
                p = python_call()
                inner = searcher._last_search_ns
                c = searcher._time_search(q)[0]
            else:
                c = searcher._time_search(q)[0]
                p = python_call()
                inner = searcher._last_search_ns
            py_ns.append(p)
            cpp_ns.append(c)
            diff_ns.append(p - inner)
    py_med = statistics.median(py_ns) / 1000
    cpp_med = statistics.median(cpp_ns) / 1000
    diff_med = statistics.median(diff_ns) / 1000
    print(f"queries {len(queries)} x {args.repeat}, herdex {herdex.__version__}, "
          f"Python {sys.version.split()[0]}")
    print(f"median Python search(): {py_med:.1f} us")
    print(f"median C++ search():    {cpp_med:.1f} us")
    print(f"median overhead a call: {diff_med:.2f} us ({100 * diff_med / cpp_med:.1f} % of the "
          f"median C++ search)")


if __name__ == "__main__":
    main()
