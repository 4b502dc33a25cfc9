"""Accounts and tokens. A token is 32 random bytes; only its SHA-256 is stored, with an expiry."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from ..domain.enums import Role
from ..store.passwords import hash_password, verify_password
from . import schema as t
from .database import PlatformDatabase
from .errors import ApiError
from .numbering import Numbering, Workstations
from .principals import Principal
from .records import person_body
from .throttle import SignInThrottle

DEFAULT_TOKEN_TTL = timedelta(hours=12)


@dataclass(frozen=True, slots=True)
class Session:
    token: str
    expires_at: datetime
    person: dict[str, Any]
    numbering: Numbering


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_account(conn: Connection, username: str, person: str, password: str) -> None:
    conn.execute(
        insert(t.accounts).values(
            username=username, person=person, password_hash=hash_password(password)
        )
    )


class Accounts:
    def __init__(self, db: PlatformDatabase, token_ttl: timedelta = DEFAULT_TOKEN_TTL) -> None:
        self.db = db
        self.token_ttl = token_ttl
        self.throttle = SignInThrottle(db)
        self.workstations = Workstations(db)

    def sign_in(
        self,
        username: str,
        password: str,
        now: datetime,
        address: str = "",
        workstation: str | None = None,
    ) -> Session:
        """A token for the account; 401 for a wrong name or password, 429 while the account or
        the client's address is held back after failures (district/throttle.py). With the
        workstation's id, its letter for case numbers (district/numbering.py)."""
        self.throttle.check(username, address, now)
        with self.db.read_engine.connect() as conn:
            row = conn.execute(
                select(t.accounts.c.password_hash, t.people)
                .join(t.people, t.people.c.code == t.accounts.c.person)
                .where(t.accounts.c.username == username)
            ).first()
        if not verify_password(password, row.password_hash if row else None) or row is None:
            self.throttle.failed(username, address, now)
            raise ApiError(401, "bad_credentials", "wrong user name or password")
        self.throttle.succeeded(username)
        numbering = self.workstations.numbering(
            _principal(row, username), workstation, username, now
        )
        token = secrets.token_urlsafe(32)
        expires = now + self.token_ttl
        with self.db.write_engine.begin() as conn:
            conn.execute(delete(t.tokens).where(t.tokens.c.expires_at < now - timedelta(days=1)))
            conn.execute(
                insert(t.tokens).values(
                    token_hash=_token_hash(token), username=username, expires_at=expires
                )
            )
        return Session(token, expires, person_body(row), numbering)

    def authenticate(self, authorization: str | None, now: datetime) -> Principal:
        """The principal of an `Authorization: Bearer …` header; 401 otherwise."""
        challenge = {"WWW-Authenticate": "Bearer"}
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(401, "unauthorized", "a bearer token is required", challenge)
        with self.db.read_engine.connect() as conn:
            row = conn.execute(
                select(
                    t.tokens.c.expires_at,
                    t.accounts.c.username,
                    t.people.c.code,
                    t.people.c.name,
                    t.people.c.roles,
                    t.people.c.street,
                )
                .join(t.accounts, t.accounts.c.username == t.tokens.c.username)
                .join(t.people, t.people.c.code == t.accounts.c.person)
                .where(t.tokens.c.token_hash == _token_hash(token.strip()))
            ).first()
        if row is None:
            raise ApiError(401, "unauthorized", "unknown token; sign in again", challenge)
        if row.expires_at <= now:
            raise ApiError(401, "token_expired", "the token has expired; sign in again", challenge)
        return _principal(row, row.username)


def _principal(row: Any, username: str) -> Principal:
    return Principal(
        username=username,
        person=row.code,
        name=row.name,
        roles=frozenset(Role(r) for r in json.loads(row.roles)),
        street=row.street,
    )
