"""The district platform's calls (district/openapi.yaml), each answer parsed strictly and
whole: an answer that is not what the protocol says is refused (MalformedResponse) before
anything is written."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar
from uuid import UUID

from pydantic import BaseModel
from pydantic import ValidationError as PydanticError

from ..protocol import (
    MAX_ATTACHMENT,
    MAX_PAGE,
    ChangePage,
    Event,
    EventBatch,
    EventResult,
    EventResults,
    Session,
    SignIn,
)
from .errors import BadCredentials, MalformedResponse, SignInRequired, SignInThrottled
from .transport import Transport, retry_after

# A page of 1 000 changes with grid outlines is a few MiB; anything near this is not a page.
MAX_PAGE_BYTES = 64 * 1024 * 1024
UPLOAD_CHUNK = 256 * 1024

M = TypeVar("M", bound=BaseModel)


def parse(model: type[M], body: bytes, what: str) -> M:
    """`body` as `model`, strictly (no coercion, no unknown fields), or MalformedResponse naming
    the first problem."""
    try:
        return model.model_validate_json(body, strict=True)
    except PydanticError as exc:
        errors = exc.errors()
        first = errors[0] if errors else {"loc": (), "msg": "invalid"}
        where = ".".join(str(p) for p in first.get("loc", ())) or "the body"
        # The path may hold a key the platform made up: shown escaped and cut short.
        where = "".join(c if c.isprintable() else repr(c)[1:-1] for c in where)
        if len(where) > 120:
            where = where[:117] + "..."
        raise MalformedResponse(
            f"the platform sent a malformed {what}: {where}: {first['msg']}"
            f" ({len(errors)} problem{'s' if len(errors) != 1 else ''})",
            where=where,
        ) from None
    except (RecursionError, ValueError, UnicodeDecodeError) as exc:
        raise MalformedResponse(
            f"the platform sent a malformed {what}: {type(exc).__name__}"
        ) from None


@dataclass(frozen=True, slots=True)
class Stored:
    state: Literal["absent", "partial", "present"]
    received: int = 0


class PlatformApi:
    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    @property
    def server(self) -> str:
        return self.transport.base_url

    def sign_in(self, username: str, password: str, workstation: str | None = None) -> Session:
        """A session; with the workstation's id, its letter for case numbers (409: its office
        has no letter left)."""
        body = (
            SignIn(
                username=username,
                password=password,
                workstation=UUID(workstation) if workstation else None,
            )
            .model_dump_json(exclude_none=True)
            .encode()
        )
        try:
            reply = self.transport.request(
                "POST",
                "/api/v1/sessions",
                body=body,
                expect=(201, 429),
                max_bytes=64 * 1024,
                json=True,
            )
        except SignInRequired:
            raise BadCredentials(f"wrong user name or password for {username}") from None
        if reply.status == 429:
            wait = retry_after(reply.headers.get("Retry-After")) or 1.0
            raise SignInThrottled(
                f"too many failed sign-ins for {username}: the platform checks again in "
                f"{math.ceil(wait)} s",
                retry_after=wait,
                status=429,
            )
        return parse(Session, reply.body, "session")

    def changes(self, token: str, since: str | None, limit: int = MAX_PAGE) -> ChangePage:
        params = {"limit": str(limit)}
        if since:
            params["since"] = since
        reply = self.transport.request(
            "GET",
            "/api/v1/changes",
            token=token,
            params=params,
            max_bytes=MAX_PAGE_BYTES,
            json=True,
        )
        page = parse(ChangePage, reply.body, "page of changes")
        if len(page.changes) > limit:
            raise MalformedResponse(
                f"the platform sent {len(page.changes)} changes for a page of {limit}"
            )
        return page

    def push(self, token: str, events: Sequence[Event]) -> list[EventResult]:
        body = EventBatch(events=list(events)).model_dump_json().encode()
        reply = self.transport.request("POST", "/api/v1/events", token=token, body=body, json=True)
        results = parse(EventResults, reply.body, "answer to a push").results
        sent = [str(e.uuid) for e in events]
        if [r.uuid for r in results] != sent:
            raise MalformedResponse(
                f"the platform answered {len(results)} results for {len(sent)} events, "
                "not one per event in order"
            )
        return results

    # -- attachments ---------------------------------------------------------------------
    def stored(self, token: str, sha256: str) -> Stored:
        reply = self.transport.request(
            "HEAD", f"/api/v1/attachments/{sha256}", token=token, expect=(200, 308, 404)
        )
        if reply.status == 404:
            return Stored("absent")
        if reply.status == 200:
            return Stored("present")
        return Stored("partial", _received(reply.headers.get("Range")))

    def upload(self, token: str, sha256: str, mime: str, data: bytes) -> None:
        """Upload a photo, resuming where the platform's copy stops; idempotent by hash."""
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ValueError(f"the local copy of {sha256} does not match its hash")
        state = self.stored(token, sha256)
        offset = state.received if state.state == "partial" else 0
        if state.state == "present":
            return
        total = len(data)
        while offset < total:
            end = min(total, offset + UPLOAD_CHUNK)
            headers = {}
            if total > UPLOAD_CHUNK:
                headers["Content-Range"] = f"bytes {offset}-{end - 1}/{total}"
            else:
                end = total
            reply = self.transport.request(
                "PUT",
                f"/api/v1/attachments/{sha256}",
                token=token,
                body=data[offset:end],
                content_type=mime,
                headers=headers,
                expect=(200, 201, 308),
            )
            if reply.status in (200, 201):
                return
            offset = _received(reply.headers.get("Range"))

    def download(self, token: str, sha256: str) -> bytes:
        reply = self.transport.request(
            "GET", f"/api/v1/attachments/{sha256}", token=token, max_bytes=MAX_ATTACHMENT
        )
        if hashlib.sha256(reply.body).hexdigest() != sha256:
            raise MalformedResponse(f"the platform's copy of attachment {sha256} is corrupt")
        return reply.body


def _received(header: str | None) -> int:
    """Bytes the platform holds, from `Range: bytes=0-<last>`."""
    if not header or not header.startswith("bytes=0-"):
        return 0
    try:
        return int(header.removeprefix("bytes=0-")) + 1
    except ValueError:
        return 0
