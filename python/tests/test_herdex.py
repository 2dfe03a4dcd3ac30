"""The Python module as a user calls it: run by CTest (python.pytest)."""
import os
import pathlib
import subprocess
import sys
import threading

import pytest

import herdex


def test_versions_match_the_library():
    v = herdex.versions()
    assert herdex.__version__ == v["herdex"]
    assert v["xapian"].startswith("1.4.")
    assert set(v) == {"herdex", "xapian", "icu", "unicode", "database_format"}


def test_index_then_search_returns_hits_with_snippets_and_matches(tmp_path):
    db = tmp_path / "db"
    with herdex.Index(db) as index:
        assert index.add("r1", "Samantha laughs, and the operating system sounds alive.",
                         title="Her", author="Mara", rating=8.5, date="2014-01-12",
                         source="r1.txt") == "added"
        assert index.add("r2", "A quiet film about letters.", title="Letters",
                         fields={"genre": "drama"}) == "added"
        assert index.add("r1", "Samantha laughs, and the operating system sounds alive.",
                         title="Her", author="Mara", rating=8.5, date="2014-01-12",
                         source="r1.txt") == "unchanged"
    assert index.closed

    with herdex.Searcher(db) as searcher:
        results = searcher.search("operating system")
    assert results.total == 1 and len(results) == 1
    hit = results[0]
    assert [h.id for h in results] == ["r1"]
    assert (hit.id, hit.title, hit.source, hit.rank) == ("r1", "Her", "r1.txt", 1)
    assert hit.score > 0
    assert hit.snippet == "Samantha laughs, and the operating system sounds alive."
    text = hit.snippet.encode()
    assert [text[b:e] for b, e in hit.matches] == [b"operating", b"system"]
    assert hit.fields == {"author": "Mara", "date": "2014-01-12", "lang": "en", "rating": 8.5}
    assert len(hit.passages) == 1 and hit.passages[0].snippet == hit.snippet
    assert repr(hit).startswith("Hit(rank=1, id='r1', title='Her', score=")
    assert repr(results) == "Results(query='operating system', total=1, hits=1)"
    assert "snippet='Samantha laughs" in repr(hit.passages[0])
    with herdex.Searcher(db) as searcher:
        letters = searcher.search("letters")
    assert letters[0].fields["genre"] == "drama"


def test_search_options_page_sort_and_count_facets(corpus_db):
    searcher = herdex.Searcher(corpus_db)
    first = searcher.search("loneliness", limit=2)
    second = searcher.search("loneliness", limit=2, offset=2)
    assert len(first) == 2 and [h.rank for h in second] == [3, 4]
    assert not {h.id for h in first} & {h.id for h in second}
    by_date = searcher.search("samantha", sort="date", limit=5)
    dates = [h.date for h in by_date]
    assert dates == sorted(dates, reverse=True)
    faceted = searcher.search("samantha", facets=["lang"], limit=1)
    assert sum(faceted.facets["lang"].values()) == faceted.total
    several = searcher.search("samantha", passages=3, snippet_bytes=80, limit=3)
    assert any(len(h.passages) > 1 for h in several)
    assert all(len(p.snippet.encode()) <= 120 for h in several for p in h.passages)
    cjk = searcher.search("孤独", limit=3)
    assert len(cjk) > 0


def test_add_files_reports_and_delete_removes(tmp_path, corpus):
    with herdex.Index(tmp_path / "db") as index:
        # A file's id is its canonical path: en/01.txt and ja/01.txt are two
        # documents.
        report = index.add_files([corpus / "en", str(corpus / "ja")])
        assert (report.added, report.updated, report.errors) == (16, 0, 0)
        again = index.add_files(corpus / "ja")
        assert again.unchanged == 4
        doomed = str((corpus / "ja" / "01.txt").resolve())
        assert index.delete(doomed) is True
        assert index.delete(doomed) is False
        missing = index.add_files(tmp_path / "nothing-here")
        assert missing.errors == 1
        assert isinstance(missing.problems[0], herdex.NotFoundError)
    ids = {h.id for h in herdex.Searcher(tmp_path / "db").search("her", limit=50)}
    assert doomed not in ids
    assert str((corpus / "en" / "01.txt").resolve()) in ids


def test_errors_are_exceptions_with_code_path_and_column(tmp_path, corpus_db):
    searcher = herdex.Searcher(corpus_db)
    with pytest.raises(herdex.QuerySyntaxError) as syntax:
        searcher.search("rating:x..y")
    assert syntax.value.code == "query_syntax" and syntax.value.column == 8
    assert isinstance(syntax.value, herdex.Error) and isinstance(syntax.value, ValueError)
    assert "column 8" in str(syntax.value)

    with pytest.raises(herdex.NotFoundError) as missing:
        herdex.Searcher(tmp_path / "missing")
    assert missing.value.code == "not_found"
    assert missing.value.path == str(tmp_path / "missing")

    with pytest.raises(herdex.InvalidArgumentError):
        searcher.search("her", sort="title")
    with pytest.raises(herdex.InvalidArgumentError):
        searcher.search("her", facets=["colour"])

    with herdex.Index(corpus_db):
        with pytest.raises(herdex.DatabaseLockedError) as locked:
            herdex.Index(corpus_db)
        assert locked.value.code == "locked"

    index = herdex.Index(tmp_path / "other")
    with pytest.raises(herdex.InvalidArgumentError):
        index.add("", "no id")
    index.close()
    with pytest.raises(herdex.Error, match="closed"):
        index.add("x", "after close")


def test_threads_search_in_parallel_with_one_searcher_each(corpus_db):
    expected = [h.id for h in herdex.Searcher(corpus_db).search("samantha", limit=10)]
    seen = []
    def work():
        searcher = herdex.Searcher(corpus_db)
        for _ in range(20):
            seen.append([h.id for h in searcher.search("samantha", limit=10)])
    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 80 and all(ids == expected for ids in seen)


GIL_PROBE = """
import os, sys, threading, herdex
db, fifo = sys.argv[1], sys.argv[2]
searcher = herdex.Searcher(db)
def feed():
    with open(fifo, "w") as out:
        out.write("OS = operating system\\n")
# Opening the FIFO blocks load_synonyms() until feed() opens the other end:
# feed() can only run if load_synonyms() released the GIL.
threading.Thread(target=feed).start()
searcher.load_synonyms(fifo)
print(searcher.search("OS", limit=1)[0].id)
"""


def test_the_gil_is_released_while_the_library_works(tmp_path, corpus_db):
    fifo = tmp_path / "synonyms.fifo"
    os.mkfifo(fifo)
    run = subprocess.run([sys.executable, "-c", GIL_PROBE, str(corpus_db), str(fifo)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip()


def test_hits_of_json_lines_records_carry_their_line(tmp_path):
    reviews = tmp_path / "reviews.jsonl"
    reviews.write_text('{"id":"a","text":"A quiet film about letters."}\n'
                       '{"id":"b","text":"Samantha laughs."}\n')
    notes = tmp_path / "notes.txt"
    notes.write_text("Samantha again, in a whole file.\n")
    with herdex.Index(tmp_path / "db") as index:
        index.add_files([reviews, notes], id_field="id")
    with herdex.Searcher(tmp_path / "db") as searcher:
        lines = {hit.id: hit.source_line for hit in searcher.search("samantha")}
    assert lines["b"] == 2
    assert [line for id, line in lines.items() if id != "b"] == [0], "a whole file has no line"
