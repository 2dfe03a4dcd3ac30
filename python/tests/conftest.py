import os
import pathlib

import pytest

SOURCE_DIR = pathlib.Path(os.environ.get("HERDEX_SOURCE_DIR",
                                         pathlib.Path(__file__).resolve().parents[2]))


@pytest.fixture
def corpus():
    """The sample reviews in corpus/."""
    return SOURCE_DIR / "corpus"


@pytest.fixture
def corpus_db(tmp_path, corpus):
    """A database of the sample corpus."""
    import herdex
    path = tmp_path / "db"
    with herdex.Index(path) as index:
        report = index.add_files(corpus)
    assert report.added == 40
    return path
