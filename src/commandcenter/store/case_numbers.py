"""The numbers this workstation files new cases under ([12/20] 6): {street prefix}{yyyymmdd}
{letter}{nnn}. The letter is issued by the district platform at the workstation's first online
sign-in (sent its id, kept here in sync_meta), so two desks filing offline never collide; the
prefix is the street office's, as the platform sent it."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import Connection, Engine, func, select

from ..domain.errors import ValidationError
from . import schema as t
from .writes import upsert

MAX_PER_DAY = 999  # nnn


class CaseNumbers:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def workstation_id(self) -> str:
        """This workstation's id, made at its first online sign-in and kept in its database."""
        with self.engine.begin() as conn:
            held = _meta(conn, "workstation")
            if held:
                return held
            made = str(uuid.uuid4())
            upsert(conn, t.sync_meta, {"key": "workstation"}, {"value": made})
            return made

    def remember(self, letter: str | None, prefixes: Mapping[str, str]) -> None:
        """What the platform issued at an online sign-in (an older platform issues no letter:
        the one kept stays)."""
        with self.engine.begin() as conn:
            if letter:
                upsert(conn, t.sync_meta, {"key": "letter"}, {"value": letter})
            if prefixes:
                body = json.dumps(dict(sorted(prefixes.items())), ensure_ascii=False)
                upsert(conn, t.sync_meta, {"key": "case_prefixes"}, {"value": body})

    @staticmethod
    def next(conn: Connection, grid_code: str, at: datetime) -> str:
        """The next free number for a case filed in the grid on the day of `at`, read in the
        transaction that files it; ValidationError where this workstation cannot number one."""
        letter = _meta(conn, "letter")
        if not letter:
            raise ValidationError(
                "this workstation has no letter for case numbers yet: sign in to the district "
                "platform online once",
                field="case_no",
            )
        prefixes: dict[str, str] = json.loads(_meta(conn, "case_prefixes") or "{}")
        street = _street_of(conn, grid_code)
        prefix = prefixes.get(street or "")
        if prefix is None:
            raise ValidationError(
                f"grid {grid_code} is in no street office this workstation numbers cases for",
                field="grid",
            )
        stem = f"{prefix}{at:%Y%m%d}{letter}"
        top = conn.scalar(
            select(func.max(t.cases.c.case_no)).where(
                t.cases.c.case_no.like(stem + "%"), func.length(t.cases.c.case_no) == len(stem) + 3
            )
        )
        last = int(top[len(stem) :]) if top and top[len(stem) :].isdigit() else 0
        if last >= MAX_PER_DAY:
            raise ValidationError(
                f"this workstation has numbered {MAX_PER_DAY} cases on {at:%Y-%m-%d} ({stem}001–"
                f"{stem}{MAX_PER_DAY}); file the next on another workstation",
                field="case_no",
            )
        return f"{stem}{last + 1:03d}"


def _meta(conn: Connection, key: str) -> str | None:
    value = conn.scalar(select(t.sync_meta.c.value).where(t.sync_meta.c.key == key))
    return str(value) if value else None


def _street_of(conn: Connection, grid_code: str) -> str | None:
    """The grid's level-1 ancestor (its street office)."""
    code: str | None = grid_code
    for _level in range(8):
        row = conn.execute(
            select(t.grids.c.level, t.grids.c.parent_code).where(
                t.grids.c.code == code, t.grids.c.is_current.is_(True)
            )
        ).first()
        if row is None:
            return None
        if row.level == 1:
            return code
        code = row.parent_code
    return None
