"""Who signed in online on this workstation: a salted scrypt hash of the password lets him sign
in here again while the platform cannot be reached."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select

from . import schema as t
from .passwords import hash_password, verify_password
from .writes import upsert


@dataclass(frozen=True, slots=True)
class LocalAccount:
    username: str
    person: str
    street: str | None
    server: str
    signed_in_at: datetime


class LocalAccounts:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def remember(
        self,
        username: str,
        person: str,
        street: str | None,
        password: str,
        server: str,
        now: datetime,
    ) -> None:
        """After an online sign-in: keep a salted hash of the password for signing in here
        offline."""
        digest = hash_password(password)
        with self.engine.begin() as conn:
            upsert(
                conn,
                t.local_accounts,
                {"username": username},
                {
                    "person_code": person,
                    "street": street,
                    "password_hash": digest,
                    "server": server,
                    "signed_in_at": now,
                },
            )

    def check(self, username: str, password: str) -> LocalAccount | None:
        """The account if `password` is his, for a user who signed in online here before."""
        a = t.local_accounts
        with self.engine.connect() as conn:
            row = conn.execute(select(a).where(a.c.username == username)).first()
        if not verify_password(password, row.password_hash if row else None) or row is None:
            return None
        return LocalAccount(row.username, row.person_code, row.street, row.server, row.signed_in_at)

    def known(self) -> list[LocalAccount]:
        a = t.local_accounts
        with self.engine.connect() as conn:
            rows = conn.execute(select(a).order_by(a.c.signed_in_at.desc())).all()
        return [
            LocalAccount(r.username, r.person_code, r.street, r.server, r.signed_in_at)
            for r in rows
        ]
