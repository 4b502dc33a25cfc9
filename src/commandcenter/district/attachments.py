"""Attachments by SHA-256: whole uploads, resumable ones in ranges (`Content-Range: bytes
first-last/total`), and the check that the whole hashes to its name before it is kept.

A street office reads (GET, HEAD) only the attachments it uploaded or that an event of its
cases refers to (`blob_streets`); the district reads all. Any other is answered as if absent
(404), so that its existence is not told. Uploading bytes already held for another street is
accepted once the bytes are shown to be those (the whole hashes to its name, or a range equals
the held bytes there), and makes this street one that may read them."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Executable, Row, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..protocol import IMAGE_TYPES, MAX_ATTACHMENT
from . import schema as t
from .database import PlatformDatabase
from .errors import ApiError
from .principals import Principal

_RANGE = re.compile(r"bytes (\d{1,12})-(\d{1,12})/(\d{1,12})")
_MAGIC = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}


@dataclass(frozen=True, slots=True)
class Stored:
    """What the server holds of an attachment: `whole` (created now or before) or a part."""

    status: str  # created, exists, partial
    received: int


def range_header(received: int) -> dict[str, str]:
    return {"Range": f"bytes=0-{received - 1}"} if received else {}


def _check_whole(sha256: str, mime: str, data: bytes) -> None:
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ApiError(
            422, "hash_mismatch", "the uploaded bytes do not hash to the attachment's SHA-256"
        )
    if not data.startswith(_MAGIC[mime]):
        kind = "JPEG" if mime == "image/jpeg" else "PNG"
        raise ApiError(400, "invalid_field", f"the bytes are not a {kind} image", field="body")


def grant(conn: Connection, pairs: Iterable[tuple[str, str]]) -> None:
    """Let these (sha256, street) pairs be read: uploaded by the street, or referred to by an
    event of its cases. Pairs already granted are left as they are."""
    rows = [{"sha256": sha, "street": street} for sha, street in sorted(set(pairs))]
    if not rows:
        return
    statement: Executable
    if conn.dialect.name == "postgresql":
        statement = postgresql.insert(t.blob_streets).on_conflict_do_nothing()
    else:
        statement = sqlite.insert(t.blob_streets).on_conflict_do_nothing()
    conn.execute(statement, rows)


def may_read(conn: Connection, who: Principal, sha256: str) -> bool:
    if who.street is None:
        return True
    granted = conn.scalar(
        select(t.blob_streets.c.street).where(
            t.blob_streets.c.sha256 == sha256, t.blob_streets.c.street == who.street
        )
    )
    return granted is not None


class Attachments:
    def __init__(self, db: PlatformDatabase) -> None:
        self.db = db

    def head(self, who: Principal, sha256: str) -> Stored | None:
        with self.db.read_engine.connect() as conn:
            if not may_read(conn, who, sha256):
                return None
            size = conn.scalar(select(t.blobs.c.size).where(t.blobs.c.sha256 == sha256))
            if size is not None:
                return Stored("exists", int(size))
            received = conn.scalar(select(t.uploads.c.received).where(t.uploads.c.sha256 == sha256))
        return Stored("partial", int(received)) if received is not None else None

    def get(self, who: Principal, sha256: str) -> tuple[str, bytes]:
        with self.db.read_engine.connect() as conn:
            if not may_read(conn, who, sha256):
                raise ApiError(404, "not_found", f"no attachment {sha256}")
            row = conn.execute(
                select(t.blobs.c.mime, t.blobs.c.data).where(t.blobs.c.sha256 == sha256)
            ).first()
        if row is None:
            raise ApiError(404, "not_found", f"no attachment {sha256}")
        return row.mime, bytes(row.data)

    def put(
        self,
        who: Principal,
        sha256: str,
        mime: str | None,
        data: bytes,
        content_range: str | None,
        now: datetime,
    ) -> Stored:
        mime = (mime or "").split(";")[0].strip().lower()
        if mime not in IMAGE_TYPES:
            raise ApiError(
                400,
                "invalid_field",
                "an attachment is a JPEG or PNG image (Content-Type image/jpeg or image/png)",
                field="Content-Type",
            )
        if content_range is None:
            return self._whole(who, sha256, mime, data)
        first, last, total = self._parse_range(content_range, len(data))
        failed: ApiError | None = None
        with self.db.writing(now) as w:
            conn = w.conn
            held_blob = conn.execute(
                select(t.blobs.c.size, t.blobs.c.data).where(t.blobs.c.sha256 == sha256)
            ).first()
            if held_blob is not None:
                return self._shown(conn, who, sha256, held_blob, first, last, total, data)
            if who.street is not None:
                grant(conn, [(sha256, who.street)])
            row = conn.execute(select(t.uploads).where(t.uploads.c.sha256 == sha256)).first()
            if row is None:
                held, have = 0, b""
            else:
                if row.total != total or row.mime != mime:
                    raise ApiError(
                        400,
                        "bad_range",
                        f"this upload was started as {row.total} bytes of {row.mime}",
                        received=row.received,
                    )
                held, have = row.received, bytes(row.data)
            if first > held:
                raise ApiError(
                    400,
                    "bad_range",
                    f"the server holds bytes 0-{held - 1}; send from byte {held}",
                    headers=range_header(held),
                    received=held,
                )
            if last >= held:
                have += data[held - first :]
            if len(have) == total:
                # Complete: kept only if it hashes to its name; a bad whole is dropped (the
                # client starts again) and the error is raised once that is committed.
                conn.execute(delete(t.uploads).where(t.uploads.c.sha256 == sha256))
                try:
                    _check_whole(sha256, mime, have)
                except ApiError as exc:
                    failed = exc
                else:
                    conn.execute(
                        insert(t.blobs).values(sha256=sha256, mime=mime, size=total, data=have)
                    )
                    return Stored("created", total)
            if failed is None:
                values = {"received": len(have), "data": have, "updated_at": now}
                if row is None:
                    conn.execute(
                        insert(t.uploads).values(sha256=sha256, mime=mime, total=total, **values)
                    )
                else:
                    same = t.uploads.c.sha256 == sha256
                    conn.execute(update(t.uploads).where(same).values(**values))
        if failed is not None:
            raise failed
        return Stored("partial", len(have))

    @staticmethod
    def _parse_range(header: str, length: int) -> tuple[int, int, int]:
        m = _RANGE.fullmatch(header.strip())
        if not m:
            raise ApiError(400, "bad_range", "Content-Range must read 'bytes first-last/total'")
        first, last, total = (int(x) for x in m.groups())
        if total > MAX_ATTACHMENT:
            raise ApiError(
                413, "too_large", "an attachment is at most 20 MiB", limit=MAX_ATTACHMENT
            )
        if not first <= last < total or last - first + 1 != length:
            raise ApiError(
                400,
                "bad_range",
                f"the range {first}-{last}/{total} does not fit the {length} bytes sent",
            )
        return first, last, total

    @staticmethod
    def _shown(
        conn: Connection,
        who: Principal,
        sha256: str,
        held: Row,
        first: int,
        last: int,
        total: int,
        data: bytes,
    ) -> Stored:
        """A range of bytes the server holds whole: compared with them; the street may read
        the attachment once it has sent them to the end."""
        if may_read(conn, who, sha256):
            return Stored("exists", total)
        if total != held.size or bytes(held.data)[first : last + 1] != data:
            raise ApiError(
                422, "hash_mismatch", "the uploaded bytes do not hash to the attachment's SHA-256"
            )
        if last + 1 < total:
            return Stored("partial", last + 1)
        if who.street is not None:
            grant(conn, [(sha256, who.street)])
        return Stored("exists", total)

    def _whole(self, who: Principal, sha256: str, mime: str, data: bytes) -> Stored:
        if not data:
            raise ApiError(
                400, "invalid_field", "an attachment has at least one byte", field="body"
            )
        if len(data) > MAX_ATTACHMENT:
            raise ApiError(
                413, "too_large", "an attachment is at most 20 MiB", limit=MAX_ATTACHMENT
            )
        with self.db.read_engine.connect() as conn:
            readable = may_read(conn, who, sha256)
            held = conn.scalar(select(t.blobs.c.size).where(t.blobs.c.sha256 == sha256))
        if held is not None and readable:
            return Stored("exists", len(data))
        # Bytes held for another street are taken only when they are shown to be those.
        _check_whole(sha256, mime, data)
        with self.db.writing() as w:
            if who.street is not None:
                grant(w.conn, [(sha256, who.street)])
            exists = w.conn.scalar(select(t.blobs.c.size).where(t.blobs.c.sha256 == sha256))
            if exists is not None:
                return Stored("exists", len(data))
            w.conn.execute(delete(t.uploads).where(t.uploads.c.sha256 == sha256))
            w.conn.execute(
                insert(t.blobs).values(sha256=sha256, mime=mime, size=len(data), data=data)
            )
        return Stored("created", len(data))
