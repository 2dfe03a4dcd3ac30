#!/usr/bin/env python3
"""Builds benchmarks/queries/cjk.tsv: a fixed, reproducible set of Chinese and
Japanese queries (class `cjk`) for the CJK collections in ../shared/data, as
`class<TAB>query` lines.

15 answers each from cmrc2018 (Simplified Chinese), drcd (Traditional
Chinese) and jsquad (Japanese) questions, and 15 runs cut from the Douban
reviews: 3 to 6 characters, all Han or kana (no Latin, digits or
punctuation), so that every query is a plain CJK run that also SQLite FTS5's
trigram tokenizer can match (it matches nothing shorter than 3 characters).
Every query occurs in the collection.

    benchmarks/queries/make_cjk_queries.py ../shared/data > benchmarks/queries/cjk.tsv
"""
import gzip
import json
import os
import random
import re
import sys

CJK = re.compile(r"^[\u3041-\u309f\u30a0-\u30ff\u4e00-\u9fff]{3,6}$")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{3,}")


def records(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def answers(root, name, k, rng):
    pool = sorted({a for q in records(os.path.join(root, name, "queries.jsonl.gz"))
                   for a in q.get("answers", []) if CJK.match(a)})
    return rng.sample(pool, k)


def douban_runs(root, k, rng):
    pool = set()
    for r in records(os.path.join(root, "douban", "dmr_reviews.jsonl.gz")):
        for run in HAN_RUN.findall(r["text"]):
            n = rng.choice((3, 4))
            if len(run) >= n:
                i = rng.randrange(len(run) - n + 1)
                pool.add(run[i:i + n])
    return rng.sample(sorted(pool), k)


def main():
    root = sys.argv[1]
    rng = random.Random(20261121)
    out = []
    for name in ("cmrc2018", "drcd", "jsquad"):
        out += answers(root, name, 15, rng)
    out += douban_runs(root, 15, rng)
    for q in out:
        print(f"cjk\t{q}")


if __name__ == "__main__":
    main()
