"""herdex's exceptions: one class per herdex error code, all under Error.

Each carries the fields of the C++ herdex::Error: ``code`` (the stable
lower-case name, e.g. ``"not_found"``), ``message``, ``path``, ``line`` and
``column`` (1-based; 0 when not applicable). ``str(error)`` is the one line
the command-line tool would print.
"""


class Error(Exception):
    """Base class of every error herdex raises."""

    def __init__(self, description="", *, code="internal", message="", path="", line=0,
                 column=0):
        super().__init__(description)
        self.code = code
        self.message = message or description
        self.path = path
        self.line = line
        self.column = column


class InvalidArgumentError(Error, ValueError):
    """Something passed in is malformed (a bad option, an empty document id)."""


class QuerySyntaxError(Error, ValueError):
    """The query does not parse; ``column`` points at the problem."""


class NotFoundError(Error):
    """A database, file or document does not exist."""


class AlreadyExistsError(Error):
    """Something to be created is already there."""


class DatabaseLockedError(Error):
    """Another writer holds the database's lock."""


class CorruptError(Error):
    """Stored data cannot be read back."""


class VersionMismatchError(Error):
    """The database was built by another format or analyzer."""


class IoError(Error):
    """The operating system refused a read or write, or a remote shard failed."""


class UnsupportedError(Error):
    """A valid request this build cannot serve."""


class InternalError(Error):
    """A bug in herdex or a dependency."""
