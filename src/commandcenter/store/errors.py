"""Errors about the database file itself."""

from __future__ import annotations

from ..domain.errors import DomainError


class DatabaseError(DomainError):
    code = "database"


class NotADatabase(DatabaseError):
    code = "not_a_database"


class SchemaTooNew(DatabaseError):
    code = "schema_too_new"


class DatabaseMissing(DatabaseError):
    code = "database_missing"
