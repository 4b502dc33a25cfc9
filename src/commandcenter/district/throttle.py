"""Sign-ins held back after failures. Per account (the user name typed, known or not, so that
the answer never tells which exist): after 5 failures within 15 minutes, each attempt is
answered 429 with `Retry-After` = 2^(n−5) s after the last failure (n: the failures within the
window), at most 900 s; per client address the same after 100. An attempt held back is not
checked and counts for nothing; a success clears the account's failures. The failures live in
the database, so several server processes hold back together."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, func, insert, select

from . import schema as t
from .database import PlatformDatabase
from .errors import ApiError

WINDOW = timedelta(minutes=15)
CAP_S = 900
LIMITS = {"account": 5, "address": 100}


@dataclass(frozen=True)
class Held:
    kind: str  # account or address
    key: str
    failures: int  # within the window
    until: datetime

    def wait_s(self, now: datetime) -> int:
        return max(1, math.ceil((self.until - now).total_seconds()))


def _hold(kind: str, key: str, failures: int, last: datetime | None) -> Held | None:
    limit = LIMITS[kind]
    if last is None or failures < limit:
        return None
    return Held(kind, key, failures, last + timedelta(seconds=min(CAP_S, 2 ** (failures - limit))))


class SignInThrottle:
    def __init__(self, db: PlatformDatabase) -> None:
        self.db = db

    def _state(self, conn: Connection, kind: str, key: str, now: datetime) -> Held | None:
        failures, last = conn.execute(
            select(func.count(), func.max(t.sign_in_failures.c.at)).where(
                t.sign_in_failures.c.kind == kind,
                t.sign_in_failures.c.key == key,
                t.sign_in_failures.c.at > now - WINDOW,
            )
        ).one()
        return _hold(kind, key, int(failures), last)

    def check(self, username: str, address: str, now: datetime) -> None:
        """Raises 429 when the account or the address is held back at `now`."""
        with self.db.read_engine.connect() as conn:
            for kind, key in (("account", username), ("address", address)):
                held = self._state(conn, kind, key, now)
                if held is not None and now < held.until:
                    wait = held.wait_s(now)
                    whom = "this account" if kind == "account" else "this address"
                    raise ApiError(
                        429,
                        "too_many_attempts",
                        f"too many failed sign-ins for {whom}; try again in {wait} s",
                        {"Retry-After": str(wait)},
                    )

    def failed(self, username: str, address: str, now: datetime) -> None:
        with self.db.write_engine.begin() as conn:
            for kind, key in (("account", username), ("address", address)):
                conn.execute(
                    delete(t.sign_in_failures).where(
                        t.sign_in_failures.c.kind == kind,
                        t.sign_in_failures.c.key == key,
                        t.sign_in_failures.c.at <= now - WINDOW,
                    )
                )
                conn.execute(insert(t.sign_in_failures).values(kind=kind, key=key, at=now))

    def succeeded(self, username: str) -> None:
        with self.db.write_engine.begin() as conn:
            conn.execute(
                delete(t.sign_in_failures).where(
                    t.sign_in_failures.c.kind == "account", t.sign_in_failures.c.key == username
                )
            )

    def held(self, now: datetime) -> list[Held]:
        """Every account and address held back at `now`, the longest wait first."""
        with self.db.read_engine.connect() as conn:
            rows = conn.execute(
                select(
                    t.sign_in_failures.c.kind,
                    t.sign_in_failures.c.key,
                    func.count(),
                    func.max(t.sign_in_failures.c.at),
                )
                .where(t.sign_in_failures.c.at > now - WINDOW)
                .group_by(t.sign_in_failures.c.kind, t.sign_in_failures.c.key)
            ).all()
        found = [_hold(kind, key, int(n), last) for kind, key, n, last in rows]
        held = [h for h in found if h is not None and now < h.until]
        return sorted(held, key=lambda h: (h.until, h.key), reverse=True)
