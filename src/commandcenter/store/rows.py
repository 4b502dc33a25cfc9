"""Rows to frozen dataclasses by field name. The reads hand the window and the reports frozen
values, built from rows whose columns are mostly named like the fields; written out by hand,
each mapping repeated every name and converted enums and SQLite's 0/1 booleans its own way.

A `RowMapper` works out once per dataclass how each field is read: the column of its name (or
the one named in `columns`), converted to the field's declared type. The fields a row does not
hold as such (parsed JSON, a list read separately, a computed value) are named in `given` and
passed to each call."""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any, Generic, TypeVar, Union, get_args, get_origin, get_type_hints

from sqlalchemy import Row

T = TypeVar("T")
Convert = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


def _optional(convert: Convert, *, empty_is_none: bool) -> Convert:
    def read(value: Any) -> Any:
        if value is None or (empty_is_none and value == ""):
            return None
        return convert(value)

    return read


def converter(hint: Any) -> Convert:
    """How a column's value becomes a value of the type `hint`; TypeError for a type a column
    does not hold (the caller gives such a field)."""
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        if len(args) != 1 or len(get_args(hint)) != 2:
            raise TypeError(f"no column holds a {hint}")
        (inner,) = args
        # No enum has the empty text as a value: stored, it means none.
        empty_is_none = isinstance(inner, type) and issubclass(inner, Enum)
        return _optional(converter(inner), empty_is_none=empty_is_none)
    if isinstance(hint, type):
        if issubclass(hint, Enum):
            return hint
        # SQLite returns 0/1 for a Boolean read through a label or a plain expression.
        if hint is bool:
            return bool
        if hint in (int, float):
            return hint
        if hint in (str, datetime, date):
            return _same
    if hint is Any:
        return _same
    raise TypeError(f"no column holds a {hint}")


class RowMapper(Generic[T]):
    """Builds `cls` from a Row (or a mapping of column names). `columns`: field → column where
    they are named differently; `given`: fields the caller passes to each call."""

    def __init__(
        self,
        cls: type[T],
        *,
        columns: Mapping[str, str] | None = None,
        given: Iterable[str] = (),
    ) -> None:
        if not dataclasses.is_dataclass(cls):
            raise TypeError(f"{cls.__name__} is not a dataclass")
        columns = dict(columns or {})
        self.given = frozenset(given)
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = (set(columns) | self.given) - names
        if unknown:
            raise TypeError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}")
        hints = get_type_hints(cls)
        self.cls = cls
        self._plan = tuple(
            (f.name, columns.get(f.name, f.name), converter(hints[f.name]))
            for f in dataclasses.fields(cls)
            if f.name not in self.given
        )

    def __call__(self, row: Row[Any] | Mapping[str, Any], **given: Any) -> T:
        if given.keys() != self.given:
            raise TypeError(
                f"{self.cls.__name__}: given {sorted(given)}, expected {sorted(self.given)}"
            )
        values = row._mapping if isinstance(row, Row) else row
        read = {name: convert(values[column]) for name, column, convert in self._plan}
        return self.cls(**read, **given)
