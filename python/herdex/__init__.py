"""herdex: full-text passage search for review text, English and CJK.

    import herdex

    with herdex.Index("reviews.db") as index:
        index.add("r1", "Samantha laughs, and the operating system sounds alive.")
    for hit in herdex.Searcher("reviews.db").search("operating system"):
        print(hit.id, hit.score, hit.snippet)

Errors are raised as herdex.Error subclasses (errors.py). The C++ library
does the work with the GIL released, so threads can search in parallel (one
Searcher per thread is fastest: a shared one serializes its callers).
"""
import os as _os

from . import _herdex
from .errors import (AlreadyExistsError, CorruptError, DatabaseLockedError, Error,
                     InternalError, InvalidArgumentError, IoError, NotFoundError,
                     QuerySyntaxError, UnsupportedError, VersionMismatchError)
from ._herdex import Hit, IndexReport, Passage, Results

__version__ = _herdex.version()

__all__ = [
    "Index", "Searcher", "Results", "Hit", "Passage", "IndexReport", "versions",
    "Error", "InvalidArgumentError", "QuerySyntaxError", "NotFoundError", "AlreadyExistsError",
    "DatabaseLockedError", "CorruptError", "VersionMismatchError", "IoError",
    "UnsupportedError", "InternalError",
]


def versions():
    """The versions of herdex, Xapian, ICU, Unicode and the database format."""
    return _herdex.versions()


class Index(_herdex.Index):
    """Writes documents into the database at ``path`` (created if missing).

    Use it as a context manager: leaving the ``with`` block commits and
    releases the database's write lock (also when an exception leaves it:
    committed batches cannot be rolled back). One Index per database at a
    time, across processes; a second raises DatabaseLockedError.
    """

    def __init__(self, path, **options):
        super().__init__(_os.fspath(path), **options)

    def add(self, id, text, *, fields=None, **metadata):
        """Adds (or replaces) one document; returns "added", "updated" or "unchanged"."""
        pairs = list(fields.items()) if fields else []
        return super().add(id, text, fields=pairs, **metadata)

    def add_files(self, paths, **options):
        """Reads files and folders (.txt, .md, .html, .jsonl, .jsonl.gz) and commits."""
        if isinstance(paths, (str, bytes, _os.PathLike)):
            paths = [paths]
        return super().add_files([_os.fsdecode(p) for p in paths], **options)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def __repr__(self):
        return f"herdex.Index({self.path!r}{', closed' if self.closed else ''})"


class Searcher(_herdex.Searcher):
    """Searches the database at ``path``; ``search()`` returns Results.

    Sees the database as of opening (or the last ``reopen()``). Usable as a
    context manager, which closes it.
    """

    def __init__(self, path, **options):
        super().__init__(_os.fspath(path), **options)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def __repr__(self):
        return f"herdex.Searcher({self.path!r}{', closed' if self.closed else ''})"
