"""Case numbers a street owns ([12/20] 6). Each street office has a prefix (SD for 商都路办事处);
a case filed in its grids is numbered {prefix}{yyyymmdd}{letter}{nnn} on a workstation, the
letter issued here at the workstation's first online sign-in so that desks working offline never
collide, and {prefix}{yyyymmdd}{nnnn} by the platform itself (its simulator). The intake refuses
a number outside the street's prefix and answers a taken number without saying whose it is.

Letters: a street workstation takes the first letter no other workstation of its street and no
district workstation holds; a district workstation (it may file in any street) the last letter no
workstation anywhere holds."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from . import schema as t
from .database import PlatformDatabase
from .errors import ApiError
from .principals import Principal

LETTERS = string.ascii_uppercase
DISTRICT_OFFICE = ""  # workstations.office of the district's own workstations


@dataclass(frozen=True, slots=True)
class Numbering:
    """What a workstation numbers its new cases with: its letter (None: it sent no workstation
    id) and the prefixes of the streets it may file in."""

    letter: str | None
    prefixes: dict[str, str]


def prefixes(conn: Connection, who: Principal) -> dict[str, str]:
    """street → prefix, for the streets the account may file cases in."""
    query = select(t.case_prefixes.c.street, t.case_prefixes.c.prefix)
    if who.street is not None:
        query = query.where(t.case_prefixes.c.street == who.street)
    return {street: prefix for street, prefix in conn.execute(query)}


def check_case_no(conn: Connection, street: str, case_no: str) -> str | None:
    """Why the number may not be filed in the street (None: it may): it must begin with the
    street's prefix and a day (yyyymmdd); a taken number is refused without saying whose."""
    prefix = conn.scalar(select(t.case_prefixes.c.prefix).where(t.case_prefixes.c.street == street))
    if prefix is None:
        return f"street office {street} has no case-number prefix on the platform"
    if not re.fullmatch(rf"{re.escape(prefix)}\d{{8}}[A-Z0-9]+", case_no):
        return (
            f"case number {case_no} is not one of this street office's: its numbers are "
            f"{prefix} + the day (yyyymmdd) + the workstation's letter and a running number"
        )
    return None


class Workstations:
    def __init__(self, db: PlatformDatabase) -> None:
        self.db = db

    def numbering(
        self, who: Principal, workstation: str | None, username: str, now: datetime
    ) -> Numbering:
        """The workstation's letter (issued now if it has none; none for a workstation of
        another office) and the caller's prefixes; 409 when its office has no letter left."""
        with self.db.read_engine.connect() as conn:
            known = prefixes(conn, who)
        if workstation is None:
            return Numbering(None, known)
        office = who.street if who.street is not None else DISTRICT_OFFICE
        for _attempt in range(5):
            try:
                return Numbering(self._letter(workstation, office, username, now), known)
            except IntegrityError:  # another workstation took the letter meanwhile
                continue
        raise ApiError(503, "busy", "could not issue a workstation letter; sign in again")

    def _letter(self, workstation: str, office: str, username: str, now: datetime) -> str | None:
        with self.db.write_engine.begin() as conn:
            row = conn.execute(
                select(t.workstations.c.office, t.workstations.c.letter).where(
                    t.workstations.c.id == workstation
                )
            ).first()
            if row is not None:
                # A workstation of another office gets no letter for this one (its database
                # refuses the other office's data, store/sync_store.bind, in its own words).
                return str(row.letter) if row.office == office else None
            held = conn.execute(select(t.workstations.c.office, t.workstations.c.letter)).all()
            district = {r.letter for r in held if r.office == DISTRICT_OFFICE}
            if office == DISTRICT_OFFICE:
                free = [x for x in reversed(LETTERS) if x not in {r.letter for r in held}]
            else:
                mine = {r.letter for r in held if r.office == office}
                free = [x for x in LETTERS if x not in mine | district]
            if not free:
                raise ApiError(
                    409,
                    "no_letter_left",
                    f"all {len(LETTERS)} workstation letters of this office are issued to other "
                    "workstations; number new cases on one of those",
                )
            conn.execute(
                insert(t.workstations).values(
                    id=workstation, office=office, letter=free[0], username=username, issued_at=now
                )
            )
            return free[0]
