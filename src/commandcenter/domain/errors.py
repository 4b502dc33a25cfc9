"""Typed errors with stable codes. Only the UI turns them into translated words."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error the core raises on purpose. `code` is stable and machine-readable."""

    code = "domain_error"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return self.message


class ValidationError(DomainError):
    code = "invalid"


class TaxonomyError(ValidationError):
    """The taxonomy file is malformed; the message names the entry and the field."""

    code = "taxonomy_invalid"


class IllegalTransition(DomainError):
    """An event that the lifecycle table does not allow in the case's current state."""

    code = "illegal_transition"


class NotFound(DomainError):
    code = "not_found"
