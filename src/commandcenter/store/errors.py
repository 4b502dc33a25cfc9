"""Errors about the database file itself."""

from __future__ import annotations

import sqlite3

from ..domain.errors import DomainError


class DatabaseError(DomainError):
    code = "database"


class NotADatabase(DatabaseError):
    code = "not_a_database"


class SchemaTooNew(DatabaseError):
    code = "schema_too_new"


class DatabaseMissing(DatabaseError):
    code = "database_missing"


class DatabaseDamaged(DatabaseError):
    """The file is SQLite's but cut short or garbled: nothing of it is trusted or written."""

    code = "database_damaged"

    def __init__(self, path: str, why: str) -> None:
        super().__init__(
            f"{path}: the database is damaged ({why}); restore it from a backup",
            path=path,
            why=why,
        )
        self.path = path
        self.why = why


# What SQLite says of a file it cannot read as a database (sqlite3.DatabaseError's text).
_DAMAGE_WORDS = ("malformed", "not a database", "file is encrypted", "unsupported file format")


def damage_of(error: BaseException) -> str | None:
    """SQLite's own words when `error` (sqlite3's, or SQLAlchemy's around it) says the file is
    damaged; None for any other error (a lock, a full disk, a bug)."""
    inner = getattr(error, "orig", None) or error
    if not isinstance(inner, sqlite3.DatabaseError):
        return None
    text = str(inner).strip()
    first = text.splitlines()[0] if text else ""
    return first if any(word in first for word in _DAMAGE_WORDS) else None


def as_damage(error: BaseException, path: object) -> DatabaseDamaged | None:
    """`error` as the one line a damaged database gets, or None when it says nothing of the
    kind."""
    why = damage_of(error)
    return None if why is None else DatabaseDamaged(str(path) or "the database", why)
