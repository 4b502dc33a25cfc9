"""Attachments by SHA-256: whole uploads, resumable ones in ranges (`Content-Range: bytes
first-last/total`), and the check that the whole hashes to its name before it is kept."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, update

from ..protocol import IMAGE_TYPES, MAX_ATTACHMENT
from . import schema as t
from .database import PlatformDatabase
from .errors import ApiError

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


class Attachments:
    def __init__(self, db: PlatformDatabase) -> None:
        self.db = db

    def head(self, sha256: str) -> Stored | None:
        with self.db.read_engine.connect() as conn:
            size = conn.scalar(select(t.blobs.c.size).where(t.blobs.c.sha256 == sha256))
            if size is not None:
                return Stored("exists", int(size))
            received = conn.scalar(select(t.uploads.c.received).where(t.uploads.c.sha256 == sha256))
        return Stored("partial", int(received)) if received is not None else None

    def get(self, sha256: str) -> tuple[str, bytes]:
        with self.db.read_engine.connect() as conn:
            row = conn.execute(
                select(t.blobs.c.mime, t.blobs.c.data).where(t.blobs.c.sha256 == sha256)
            ).first()
        if row is None:
            raise ApiError(404, "not_found", f"no attachment {sha256}")
        return row.mime, bytes(row.data)

    def put(
        self,
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
            return self._whole(sha256, mime, data)
        first, last, total = self._parse_range(content_range, len(data))
        failed: ApiError | None = None
        with self.db.writing(now) as w:
            conn = w.conn
            if conn.scalar(select(t.blobs.c.size).where(t.blobs.c.sha256 == sha256)) is not None:
                return Stored("exists", total)
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

    def _whole(self, sha256: str, mime: str, data: bytes) -> Stored:
        if not data:
            raise ApiError(
                400, "invalid_field", "an attachment has at least one byte", field="body"
            )
        if len(data) > MAX_ATTACHMENT:
            raise ApiError(
                413, "too_large", "an attachment is at most 20 MiB", limit=MAX_ATTACHMENT
            )
        with self.db.read_engine.connect() as conn:
            if conn.scalar(select(t.blobs.c.size).where(t.blobs.c.sha256 == sha256)) is not None:
                return Stored("exists", len(data))
        _check_whole(sha256, mime, data)
        with self.db.writing() as w:
            exists = w.conn.scalar(select(t.blobs.c.size).where(t.blobs.c.sha256 == sha256))
            if exists is not None:
                return Stored("exists", len(data))
            w.conn.execute(delete(t.uploads).where(t.uploads.c.sha256 == sha256))
            w.conn.execute(
                insert(t.blobs).values(sha256=sha256, mime=mime, size=len(data), data=data)
            )
        return Stored("created", len(data))
