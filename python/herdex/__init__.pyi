# Type stubs for the herdex package (the classes of the extension module
# herdex._herdex and the wrappers in __init__.py).
import os
from typing import Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from .errors import (AlreadyExistsError as AlreadyExistsError, CorruptError as CorruptError,
                     DatabaseLockedError as DatabaseLockedError, Error as Error,
                     InternalError as InternalError,
                     InvalidArgumentError as InvalidArgumentError, IoError as IoError,
                     NotFoundError as NotFoundError, QuerySyntaxError as QuerySyntaxError,
                     UnsupportedError as UnsupportedError,
                     VersionMismatchError as VersionMismatchError)

_Path = Union[str, os.PathLike]

__version__: str

def versions() -> Dict[str, str]: ...

class Passage:
    ordinal: int
    byte_begin: int
    byte_end: int
    score: float
    snippet: str
    snippet_range: Tuple[int, int]
    snippet_cut_before: bool
    snippet_cut_after: bool
    matches: List[Tuple[int, int]]
    def highlight(self, before: str = ..., after: str = ...) -> str: ...

class Hit:
    rank: int
    id: str
    title: str
    source: str
    score: float
    author: str
    date: str
    lang: str
    rating: Optional[float]
    passages: List[Passage]
    passage: Passage
    snippet: str
    matches: List[Tuple[int, int]]
    fields: Dict[str, Union[str, float]]
    def highlight(self, before: str = ..., after: str = ...) -> str: ...

class Results:
    query: str
    total: int
    suggestion: str
    partial: bool
    hits: List[Hit]
    facets: Dict[str, Dict[str, int]]
    failed_shards: List[Error]
    timings_us: Dict[str, float]
    def __len__(self) -> int: ...
    def __getitem__(self, index: int) -> Hit: ...
    def __iter__(self) -> Iterator[Hit]: ...

class IndexReport:
    added: int
    updated: int
    unchanged: int
    deleted: int
    skipped: int
    errors: int
    repaired_bytes: int
    bytes: int
    problems: List[Error]

class Index:
    path: str
    closed: bool
    def __init__(self, path: _Path, *, create: bool = ..., prune: bool = ..., shards: int = ...,
                 passage_words: int = ..., keep_boilerplate: bool = ...,
                 batch_documents: int = ..., threads: int = ...) -> None: ...
    def add(self, id: str, text: str, *, title: str = ..., source: str = ..., author: str = ...,
            date: str = ..., lang: str = ..., rating: Optional[float] = ...,
            fields: Optional[Mapping[str, str]] = ...) -> str: ...
    def add_files(self, paths: Union[_Path, Sequence[_Path]], *, id_field: str = ...,
                  title_field: str = ..., text_field: str = ..., fields: Sequence[str] = ...,
                  max_bytes: int = ..., strict: bool = ...) -> IndexReport: ...
    def delete(self, id: str) -> bool: ...
    def commit(self) -> None: ...
    def close(self) -> None: ...
    def __enter__(self) -> "Index": ...
    def __exit__(self, *exc_info: object) -> None: ...

class Searcher:
    path: str
    closed: bool
    def __init__(self, path: _Path, *, timeout_ms: int = ..., allow_partial: bool = ...) -> None: ...
    def search(self, query: str, limit: int = ..., offset: int = ..., passages: int = ...,
               snippet_bytes: int = ..., sort: str = ..., facets: Optional[Sequence[str]] = ...,
               literal: bool = ..., all_passages: bool = ...) -> Results: ...
    def reopen(self) -> None: ...
    def load_synonyms(self, path: str) -> None: ...
    def close(self) -> None: ...
    def __enter__(self) -> "Searcher": ...
    def __exit__(self, *exc_info: object) -> None: ...
