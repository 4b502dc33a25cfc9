"""The category taxonomy: parsed from data (the default file lives in resources/taxonomy/),
validated strictly so that an error names the entry and the field."""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from .enums import CategoryKind, Priority, TimeUnit
from .errors import TaxonomyError
from .model import Category, Department, Taxonomy

_CATEGORY_FIELDS = {
    "code",
    "name",
    "kind",
    "parent",
    "time_limit",
    "time_unit",
    "department",
    "priority",
    "closing_condition",
}


def load_taxonomy(text: str, source: str = "taxonomy") -> Taxonomy:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TaxonomyError(
            f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    if not isinstance(data, Mapping):
        raise TaxonomyError(f"{source}: the top level must be an object")
    return parse_taxonomy(data, source)


def _str(entry: Mapping[str, Any], key: str, where: str, *, optional: bool = False) -> str | None:
    value = entry.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise TaxonomyError(f"{where}: field '{key}' must be a non-empty string")
    return value


def _enum(enum: type[StrEnum], entry: Mapping[str, Any], key: str, where: str) -> Any:
    value: Any = entry.get(key)
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise TaxonomyError(
            f"{where}: field '{key}' is {value!r}, expected one of {allowed}"
        ) from None


def _category(entry: Any, index: int, source: str) -> Category:
    where = f"{source}: category #{index + 1}"
    if not isinstance(entry, Mapping):
        raise TaxonomyError(f"{where}: must be an object")
    code = _str(entry, "code", where)
    where = f"{source}: category '{code}'"
    unknown = set(entry) - _CATEGORY_FIELDS
    if unknown:
        raise TaxonomyError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    limit = entry.get("time_limit")
    unit = None
    if limit is not None:
        if isinstance(limit, bool) or not isinstance(limit, int | float) or limit <= 0:
            raise TaxonomyError(f"{where}: field 'time_limit' must be a positive number")
        unit = _enum(TimeUnit, entry, "time_unit", where)
    elif entry.get("time_unit") is not None:
        raise TaxonomyError(f"{where}: a group has no 'time_unit' (it has no 'time_limit')")
    assert code is not None
    return Category(
        code=code,
        name=_str(entry, "name", where) or "",
        kind=_enum(CategoryKind, entry, "kind", where),
        parent=_str(entry, "parent", where, optional=True),
        time_limit=float(limit) if limit is not None else None,
        time_unit=unit,
        department=_str(entry, "department", where, optional=True),
        priority=_enum(Priority, entry, "priority", where),
        closing_condition=_str(entry, "closing_condition", where, optional=True) or "",
    )


def parse_taxonomy(data: Mapping[str, Any], source: str = "taxonomy") -> Taxonomy:
    version = data.get("version")
    if not isinstance(version, str | int) or isinstance(version, bool):
        raise TaxonomyError(f"{source}: field 'version' must be a string")
    departments = []
    for i, d in enumerate(data.get("departments") or []):
        where = f"{source}: department #{i + 1}"
        if not isinstance(d, Mapping):
            raise TaxonomyError(f"{where}: must be an object")
        departments.append(
            Department(code=_str(d, "code", where) or "", name=_str(d, "name", where) or "")
        )
    raw = data.get("categories")
    if not isinstance(raw, list) or not raw:
        raise TaxonomyError(f"{source}: field 'categories' must be a non-empty list")
    categories = [_category(entry, i, source) for i, entry in enumerate(raw)]

    codes = [c.code for c in categories]
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        raise TaxonomyError(f"{source}: duplicate category code(s) {', '.join(dupes)}")
    dept_codes = {d.code for d in departments}
    by_code = {c.code: c for c in categories}
    for c in categories:
        where = f"{source}: category '{c.code}'"
        if c.parent is not None:
            parent = by_code.get(c.parent)
            if parent is None:
                raise TaxonomyError(f"{where}: parent '{c.parent}' is not a category")
            if not parent.is_group:
                raise TaxonomyError(f"{where}: parent '{c.parent}' has a time limit, not a group")
            if parent.kind != c.kind:
                raise TaxonomyError(f"{where}: kind differs from its parent '{c.parent}'")
        if c.department is not None and c.department not in dept_codes:
            raise TaxonomyError(f"{where}: department '{c.department}' is not listed")
        if c.is_group and not any(o.parent == c.code for o in categories):
            raise TaxonomyError(f"{where}: has no time limit and no children")
    _check_cycles(by_code, source)
    return Taxonomy(
        version=str(version),
        name=str(data.get("name") or ""),
        departments=tuple(departments),
        categories=tuple(categories),
    )


def _check_cycles(by_code: Mapping[str, Category], source: str) -> None:
    for code in by_code:
        seen = {code}
        parent = by_code[code].parent
        while parent is not None:
            if parent in seen:
                raise TaxonomyError(f"{source}: category '{code}' is its own ancestor")
            seen.add(parent)
            parent = by_code[parent].parent
