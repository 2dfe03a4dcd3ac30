#!/usr/bin/env python3
"""herdex's C API from Python through ctypes, as another language would use it.

Loads the built libherdex.so (path in $HERDEX_LIBRARY), indexes English and
CJK reviews, searches them, and checks hits, passages and match byte ranges.
Run by CTest (test name capi.python_ctypes); needs only Debian's python3.
"""
import ctypes
import os
import shutil
import sys
import tempfile
import unittest

LIB = ctypes.CDLL(os.environ["HERDEX_LIBRARY"])

HERDEX_OK = 0
HERDEX_ERR_NOT_FOUND = 2
HERDEX_ERR_QUERY_SYNTAX = 8
HERDEX_NUL_TERMINATED = ctypes.c_size_t(-1).value

c_size_p = ctypes.POINTER(ctypes.c_size_t)
handle_p = ctypes.POINTER(ctypes.c_void_p)


def declare(name, restype, *argtypes):
    fn = getattr(LIB, name)
    fn.restype = restype
    fn.argtypes = list(argtypes)


declare("herdex_version", ctypes.c_char_p)
declare("herdex_status_name", ctypes.c_char_p, ctypes.c_int)
declare("herdex_error_code", ctypes.c_int, ctypes.c_void_p)
declare("herdex_error_message", ctypes.c_char_p, ctypes.c_void_p)
declare("herdex_error_column", ctypes.c_size_t, ctypes.c_void_p)
declare("herdex_error_free", None, ctypes.c_void_p)
declare("herdex_writer_open", ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p, handle_p, handle_p)
declare("herdex_writer_add", ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_int), handle_p)
declare("herdex_writer_commit", ctypes.c_int, ctypes.c_void_p, handle_p)
declare("herdex_writer_free", None, ctypes.c_void_p)
declare("herdex_document_new", ctypes.c_void_p)
declare("herdex_document_free", None, ctypes.c_void_p)
declare("herdex_document_clear", None, ctypes.c_void_p)
declare("herdex_document_set", ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p,
        ctypes.c_size_t, handle_p)
declare("herdex_document_set_rating", None, ctypes.c_void_p, ctypes.c_double)
declare("herdex_searcher_open", ctypes.c_int, ctypes.c_char_p, handle_p, handle_p)
declare("herdex_searcher_free", None, ctypes.c_void_p)
declare("herdex_search_options_new", ctypes.c_void_p)
declare("herdex_search_options_free", None, ctypes.c_void_p)
declare("herdex_search_options_set_limit", None, ctypes.c_void_p, ctypes.c_size_t)
declare("herdex_search_options_set_offset", None, ctypes.c_void_p, ctypes.c_size_t)
declare("herdex_search_options_set_snippet_bytes", None, ctypes.c_void_p, ctypes.c_size_t)
declare("herdex_searcher_search", ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p,
        handle_p, handle_p)
declare("herdex_results_total", ctypes.c_size_t, ctypes.c_void_p)
declare("herdex_results_hit_count", ctypes.c_size_t, ctypes.c_void_p)
declare("herdex_results_hit", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)
declare("herdex_results_free", None, ctypes.c_void_p)
declare("herdex_hit_rank", ctypes.c_size_t, ctypes.c_void_p)
declare("herdex_hit_score", ctypes.c_double, ctypes.c_void_p)
declare("herdex_hit_rating", ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ctypes.c_double))
for field in ("id", "title", "lang"):
    declare("herdex_hit_" + field, ctypes.c_void_p, ctypes.c_void_p, c_size_p)
declare("herdex_hit_passage_count", ctypes.c_size_t, ctypes.c_void_p)
declare("herdex_hit_passage", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)
declare("herdex_passage_snippet", ctypes.c_void_p, ctypes.c_void_p, c_size_p)
declare("herdex_passage_snippet_range", None, ctypes.c_void_p, c_size_p, c_size_p)
declare("herdex_passage_match_count", ctypes.c_size_t, ctypes.c_void_p)
declare("herdex_passage_match", ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, c_size_p, c_size_p)


class HerdexError(Exception):
    def __init__(self, status, message, column):
        super().__init__(message)
        self.status = status
        self.column = column


def check(status, error):
    """Turns a failed status and its error object into a HerdexError."""
    if status == HERDEX_OK:
        return
    message = LIB.herdex_error_message(error).decode()
    column = LIB.herdex_error_column(error)
    LIB.herdex_error_free(error)
    raise HerdexError(status, message, column)


def text(fn, handle):
    """A (pointer, length) string accessor as Python str, exact even with NULs."""
    length = ctypes.c_size_t()
    pointer = fn(handle, ctypes.byref(length))
    return ctypes.string_at(pointer, length.value).decode()


def index(db, reviews):
    writer, error = ctypes.c_void_p(), ctypes.c_void_p()
    check(LIB.herdex_writer_open(db.encode(), None, ctypes.byref(writer), ctypes.byref(error)), error)
    doc = LIB.herdex_document_new()
    try:
        for review in reviews:
            LIB.herdex_document_clear(doc)
            for name in ("id", "title", "lang", "text"):
                value = review[name].encode()
                check(LIB.herdex_document_set(doc, name.encode(), value, len(value),
                                              ctypes.byref(error)), error)
            LIB.herdex_document_set_rating(doc, review["rating"])
            outcome = ctypes.c_int(-1)
            check(LIB.herdex_writer_add(writer, doc, ctypes.byref(outcome), ctypes.byref(error)),
                  error)
            assert outcome.value == 0, "added"
        check(LIB.herdex_writer_commit(writer, ctypes.byref(error)), error)
    finally:
        LIB.herdex_document_free(doc)
        LIB.herdex_writer_free(writer)


def search(db, query, limit=10, offset=0, snippet_bytes=240):
    """Runs a search and copies the results into Python values."""
    searcher, results, error = ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_void_p()
    check(LIB.herdex_searcher_open(db.encode(), ctypes.byref(searcher), ctypes.byref(error)), error)
    options = LIB.herdex_search_options_new()
    LIB.herdex_search_options_set_limit(options, limit)
    LIB.herdex_search_options_set_offset(options, offset)
    LIB.herdex_search_options_set_snippet_bytes(options, snippet_bytes)
    try:
        check(LIB.herdex_searcher_search(searcher, query.encode(), options, ctypes.byref(results),
                                         ctypes.byref(error)), error)
        out = {"total": LIB.herdex_results_total(results), "hits": []}
        for i in range(LIB.herdex_results_hit_count(results)):
            hit = LIB.herdex_results_hit(results, i)
            rating = ctypes.c_double()
            entry = {
                "rank": LIB.herdex_hit_rank(hit),
                "id": text(LIB.herdex_hit_id, hit),
                "title": text(LIB.herdex_hit_title, hit),
                "lang": text(LIB.herdex_hit_lang, hit),
                "score": LIB.herdex_hit_score(hit),
                "rating": rating.value if LIB.herdex_hit_rating(hit, ctypes.byref(rating)) else None,
                "passages": [],
            }
            for p in range(LIB.herdex_hit_passage_count(hit)):
                passage = LIB.herdex_hit_passage(hit, p)
                length = ctypes.c_size_t()
                snippet = ctypes.string_at(LIB.herdex_passage_snippet(passage, ctypes.byref(length)),
                                           length.value)
                begin, end = ctypes.c_size_t(), ctypes.c_size_t()
                LIB.herdex_passage_snippet_range(passage, ctypes.byref(begin), ctypes.byref(end))
                matches = []
                for m in range(LIB.herdex_passage_match_count(passage)):
                    mb, me = ctypes.c_size_t(), ctypes.c_size_t()
                    assert LIB.herdex_passage_match(passage, m, ctypes.byref(mb), ctypes.byref(me)) == 0
                    matches.append((mb.value, me.value))
                entry["passages"].append({"snippet": snippet, "range": (begin.value, end.value),
                                          "matches": matches})
            out["hits"].append(entry)
        return out
    finally:
        LIB.herdex_results_free(results)
        LIB.herdex_search_options_free(options)
        LIB.herdex_searcher_free(searcher)


REVIEWS = [
    {"id": "en/voice", "title": "A voice called Samantha", "lang": "en", "rating": 8.5,
     "text": "Samantha laughs, and the operating system sounds more alive than anyone."},
    {"id": "zh-hant/lonely", "title": "城市裡的孤獨", "lang": "zh-Hant", "rating": 9.0,
     "text": "這部電影講的是孤獨。西奧多每天替別人寫信，回家後只和作業系統說話。"},
    {"id": "ko/letters", "title": "편지", "lang": "ko", "rating": 7.0,
     "text": "테오도르는 다른 사람의 편지를 대신 써 준다. 외로움에 관한 영화다."},
]


class CtypesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="herdex-ctypes-")
        cls.db = os.path.join(cls.dir, "db")
        index(cls.db, REVIEWS)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def test_version(self):
        self.assertRegex(LIB.herdex_version().decode(), r"^\d+\.\d+\.\d+$")

    def check_matches(self, hit, expected_words):
        """Every match range, cut from the review's UTF-8 bytes, is an expected word."""
        source = next(r for r in REVIEWS if r["id"] == hit["id"])["text"].encode()
        passage = hit["passages"][0]
        begin, end = passage["range"]
        self.assertEqual(passage["snippet"], source[begin:end])
        self.assertTrue(passage["matches"])
        for mb, me in passage["matches"]:
            self.assertTrue(begin <= mb < me <= end)
            self.assertIn(source[mb:me].decode(), expected_words)

    def test_english(self):
        found = search(self.db, '"operating system"')
        self.assertEqual([h["id"] for h in found["hits"]], ["en/voice"])
        self.assertEqual(found["hits"][0]["rating"], 8.5)
        self.check_matches(found["hits"][0], {"operating", "system"})

    def test_simplified_query_finds_traditional_text(self):
        found = search(self.db, "孤独")
        self.assertEqual([h["id"] for h in found["hits"]], ["zh-hant/lonely"])
        hit = found["hits"][0]
        self.assertEqual(hit["title"], "城市裡的孤獨")
        self.assertEqual(hit["lang"], "zh-Hant")
        self.check_matches(hit, {"孤獨"})

    def test_korean(self):
        found = search(self.db, "편지")
        self.assertEqual([h["id"] for h in found["hits"]], ["ko/letters"])
        self.check_matches(found["hits"][0], {"편지"})

    def test_paging(self):
        everything = search(self.db, "samantha OR 孤独 OR 편지")
        self.assertEqual(everything["total"], 3)
        self.assertEqual([h["rank"] for h in everything["hits"]], [1, 2, 3])
        page = search(self.db, "samantha OR 孤独 OR 편지", limit=1, offset=2)
        self.assertEqual([h["rank"] for h in page["hits"]], [3])
        self.assertEqual(page["hits"][0]["id"], everything["hits"][2]["id"])

    def test_query_syntax_error(self):
        with self.assertRaises(HerdexError) as caught:
            search(self.db, "rating:x..y")
        self.assertEqual(caught.exception.status, HERDEX_ERR_QUERY_SYNTAX)
        self.assertEqual(caught.exception.column, 8)
        self.assertEqual(LIB.herdex_status_name(caught.exception.status), b"query_syntax")

    def test_missing_database(self):
        with self.assertRaises(HerdexError) as caught:
            search(os.path.join(self.dir, "nothing-here"), "x")
        self.assertEqual(caught.exception.status, HERDEX_ERR_NOT_FOUND)
        self.assertIn("nothing-here", str(caught.exception))


if __name__ == "__main__":
    sys.exit(0 if unittest.main(exit=False).result.wasSuccessful() else 1)
