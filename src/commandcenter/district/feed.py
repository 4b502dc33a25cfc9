"""The change feed: pages of committed changes after an opaque cursor, in commit order.

A cursor is the number of the last change a client has, with the database's epoch, encoded so
clients keep it as it is. Numbers are handed out in commit order (district/database.py), so a
page never skips a change that commits later: when the page reaches the end, the next cursor is
the highest number in the same snapshot, which every change before it has already committed."""

from __future__ import annotations

import base64
import binascii
import json

from sqlalchemy import func, or_, select

from ..protocol import MAX_CURSOR
from . import schema as t
from .database import PlatformDatabase
from .errors import ApiError
from .principals import Principal


def encode_cursor(epoch: str, seq: int) -> str:
    raw = json.dumps({"e": epoch, "s": seq}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str, epoch: str) -> int:
    def bad(why: str) -> ApiError:
        return ApiError(400, "bad_cursor", f"not a cursor of this platform: {why}")

    if len(text) > MAX_CURSOR:
        raise bad("too long")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        data = json.loads(raw)
        seq, their_epoch = data["s"], data["e"]
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError):
        raise bad("it cannot be read") from None
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise bad("it cannot be read")
    if their_epoch != epoch:
        raise ApiError(
            400,
            "bad_cursor",
            "the cursor is from another platform database; pull again from the start",
        )
    return seq


class Feed:
    def __init__(self, db: PlatformDatabase) -> None:
        self.db = db

    def page(self, who: Principal, since: str | None, limit: int) -> str:
        """One page as the JSON text of a `ChangePage` (bodies are stored as JSON already)."""
        epoch = self.db.epoch
        after = decode_cursor(since, epoch) if since else 0
        c = t.changes.c
        query = select(c.seq, c.body).where(c.seq > after)
        if who.street is not None:
            query = query.where(or_(c.street == who.street, c.street.is_(None)))
        with self.db.reading() as conn:
            rows = conn.execute(query.order_by(c.seq).limit(limit + 1)).all()
            head = conn.scalar(select(func.max(c.seq))) or 0
        if after > head:
            raise ApiError(
                400, "bad_cursor", "the cursor is ahead of this platform; pull from the start"
            )
        more = len(rows) > limit
        rows = rows[:limit]
        last = rows[-1].seq if more else max(after, head)
        changes = ",".join(r.body for r in rows)
        tail = json.dumps(encode_cursor(epoch, last))
        return f'{{"changes":[{changes}],"next":{tail},"more":{"true" if more else "false"}}}'
