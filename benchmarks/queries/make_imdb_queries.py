#!/usr/bin/env python3
"""Builds benchmarks/queries/imdb.tsv: a fixed, reproducible query set for the
IMDB reviews, as `class<TAB>query` lines.

Classes: term-rare, term-mid, term-common (single words by document
frequency), words (two or three words that co-occur in a review, typed
plainly: herdex and Xapian rank documents with any of them), phrase (an
exact two- or three-word sequence from a review, quoted), prefix (a word stem
with '*'), and (two words of one review joined by AND: documents with both).
Words are drawn with a fixed seed from the reviews themselves, so every query
matches something. (The `and` class was added last, so the draws of the
other classes are what they were before it existed.)

    benchmarks/queries/make_imdb_queries.py ../shared/data/imdb/imdb_train.jsonl.gz > benchmarks/queries/imdb.tsv
"""
import collections
import gzip
import json
import random
import re
import sys

STOP = set("""a an and are as at be but by for from had has have he her his i if in into is it its
just me my no not of on or she so than that the their them then there these they this to
too was we were what when which who will with would you your br one all out up about can
more like very only some even""".split())
WORD = re.compile(r"[a-z]+")


def main():
    path = sys.argv[1]
    rng = random.Random(20261121)
    df = collections.Counter()
    docs = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            text = json.loads(line)["text"].lower().replace("<br />", " ")
            words = WORD.findall(text)
            df.update(set(words))
            if i % 10 == 0:
                docs.append(words)
    vocab = [w for w, n in df.items() if len(w) > 3 and w not in STOP]
    # Ties broken by the word: set and Counter order vary with PYTHONHASHSEED.
    by_df = sorted(vocab, key=lambda w: (df[w], w))
    n = len(by_df)
    rare = [w for w in by_df if 2 <= df[w] <= 10]
    mid = [w for w in by_df if 50 <= df[w] <= 500]
    common = [w for w in by_df if df[w] >= 2000]
    out = []
    for cls, pool, k in (("term-rare", rare, 40), ("term-mid", mid, 40), ("term-common", common, 30)):
        for w in rng.sample(pool, k):
            out.append((cls, w))
    def content(words):
        return [w for w in words if w not in STOP and len(w) > 3]
    while sum(1 for c, _ in out if c == "words") < 40:
        words = content(rng.choice(docs))
        if len(words) < 3:
            continue
        k = rng.choice((2, 3))
        out.append(("words", " ".join(rng.sample(words, k))))
    while sum(1 for c, _ in out if c == "phrase") < 40:
        words = rng.choice(docs)
        if len(words) < 5:
            continue
        i = rng.randrange(len(words) - 3)
        k = rng.choice((2, 3))
        seq = words[i:i + k]
        if all(w in STOP for w in seq):
            continue
        out.append(("phrase", '"' + " ".join(seq) + '"'))
    for w in rng.sample(mid + common, 30):
        out.append(("prefix", w[: max(4, len(w) - 3)] + "*"))
    while sum(1 for c, _ in out if c == "and") < 40:
        words = sorted(set(content(rng.choice(docs))))
        if len(words) < 2:
            continue
        out.append(("and", " AND ".join(rng.sample(words, 2))))
    for cls, q in out:
        print(f"{cls}\t{q}")


if __name__ == "__main__":
    main()
