"""The reference district platform as an ASGI application (FastAPI), held to openapi.yaml.

Bodies are read and validated here, not by the framework: a body over its limit is refused
before it is parsed, and every refusal is an `Error` with a machine-readable reason. Database
work runs on the framework's worker threads, never on the event loop."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError as PydanticError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from ..domain.calendar import WorkingCalendar
from ..protocol import (
    DEFAULT_PAGE,
    LOCAL_ZONE,
    MAX_ATTACHMENT,
    MAX_BATCH,
    MAX_JSON_BODY,
    MAX_PAGE,
    SHA256_PATTERN,
    EventBatch,
    SignIn,
)
from .accounts import DEFAULT_TOKEN_TTL, Accounts
from .attachments import Attachments, range_header
from .database import PlatformDatabase, local_now
from .errors import ApiError
from .feed import Feed
from .intake import IdempotencyMismatch, Intake
from .principals import Principal

log = logging.getLogger(__name__)
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[
    [Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]
]
ATTACHMENTS = "/api/v1/attachments/"


def _error(exc: ApiError) -> JSONResponse:
    return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)


def validation_error(exc: PydanticError | RequestValidationError) -> ApiError:
    """A body the models refuse, as the document's reasons."""
    errors = list(exc.errors())
    first = errors[0] if errors else {"type": "", "loc": (), "msg": "invalid"}
    kind = str(first["type"])
    loc = [str(p) for p in first.get("loc", ()) if p != "body"]
    where = ".".join(loc) or "body"
    if kind == "json_invalid":
        return ApiError(400, "malformed_json", f"the body is not JSON: {first['msg']}")
    if kind == "too_long" and loc == ["events"]:
        return ApiError(
            413, "too_large", f"a batch holds at most {MAX_BATCH} events", limit=MAX_BATCH
        )
    reason = {"extra_forbidden": "unknown_field", "missing": "missing_field"}.get(
        kind, "invalid_field"
    )
    what = {"unknown_field": "unknown field", "missing_field": "missing field"}.get(
        reason, "invalid field"
    )
    return ApiError(400, reason, f"{what} {where}: {first['msg']}", field=where, errors=len(errors))


def _nul_in(value: Any, path: str = "") -> str | None:
    """Where a string holds U+0000 (which no database column keeps; PostgreSQL refuses it)."""
    if isinstance(value, str):
        return (path or "body") if "\x00" in value else None
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        if isinstance(key, str) and "\x00" in key:
            return f"{path}.{key!r}".lstrip(".")
        found = _nul_in(item, f"{path}.{key}".lstrip("."))
        if found is not None:
            return found
    return None


class BodyLimit:
    """Refuses a body over its limit (20 MiB for an attachment, 1 MiB otherwise) with 413
    before anything parses it; the rest of an over-long body is read and dropped so that the
    client gets the answer rather than a reset connection."""

    DRAIN_AT_MOST = 4

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        limit = MAX_ATTACHMENT if scope["path"].startswith(ATTACHMENTS) else MAX_JSON_BODY
        declared = None
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = None
        too_large = ApiError(
            413, "too_large", f"the body is over its limit of {limit} bytes", limit=limit
        )
        if declared is not None and declared > limit * self.DRAIN_AT_MOST:
            await _error(too_large)(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            more = bool(message.get("more_body"))
            if size <= limit:
                chunks.append(body)
            elif size > limit * self.DRAIN_AT_MOST:
                break
        if size > limit:
            await _error(too_large)(scope, receive, send)
            return
        data = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": data, "more_body": False}
            result: Message = await receive()
            return result

        await self.app(scope, replay, send)


def create_app(
    db: PlatformDatabase,
    calendar: WorkingCalendar,
    *,
    token_ttl: Any = DEFAULT_TOKEN_TTL,
    clock: Callable[[], datetime] = local_now,
) -> FastAPI:
    accounts = Accounts(db, token_ttl)
    feed = Feed(db)
    intake = Intake(db, calendar)
    attachments = Attachments(db)
    background: list[Any] = []

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        for task in background:
            task.start()
        try:
            yield
        finally:
            for task in reversed(background):
                await run_in_threadpool(task.stop)

    app = FastAPI(
        title="网格指挥中心 — district platform",
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    # Started with the server and stopped with it (the simulator): start() and stop().
    app.state.background = background
    app.add_middleware(BodyLimit)
    app.state.db = db
    app.state.intake = intake
    app.state.attachments = attachments

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> Response:
        return _error(exc)

    @app.exception_handler(RequestValidationError)
    async def _request_error(_request: Request, exc: RequestValidationError) -> Response:
        return _error(validation_error(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> Response:
        reason = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        headers = dict(exc.headers or {})
        return _error(ApiError(exc.status_code, reason, str(exc.detail), headers))

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> Response:
        log.exception("unexpected error")
        return _error(ApiError(500, "internal", "the server failed; nothing was written"))

    async def authenticate(request: Request) -> Principal:
        header = request.headers.get("authorization")
        return await run_in_threadpool(accounts.authenticate, header, clock())

    async def json_body(request: Request, model: Any) -> Any:
        raw = await request.body()
        try:
            body = model.model_validate_json(raw)
        except PydanticError as exc:
            raise validation_error(exc) from None
        where = _nul_in(body.model_dump(mode="json"))
        if where is not None:
            raise ApiError(
                400,
                "invalid_field",
                f"invalid field {where}: text may not hold NUL (U+0000)",
                field=where,
            )
        return body

    @app.get("/api/v1/time")
    async def get_time() -> Response:
        now = datetime.now(LOCAL_ZONE)
        return JSONResponse({"now": now.isoformat()})

    @app.post("/api/v1/sessions")
    async def sign_in(request: Request) -> Response:
        body: SignIn = await json_body(request, SignIn)
        address = request.client.host if request.client else ""
        workstation = str(body.workstation) if body.workstation else None
        session = await run_in_threadpool(
            accounts.sign_in, body.username, body.password, clock(), address, workstation
        )
        return JSONResponse(
            {
                "token": session.token,
                "expires_at": session.expires_at.replace(tzinfo=LOCAL_ZONE).isoformat(),
                "person": session.person,
                "numbering": {
                    "letter": session.numbering.letter,
                    "prefixes": session.numbering.prefixes,
                },
            },
            status_code=201,
        )

    @app.get("/api/v1/changes")
    async def get_changes(request: Request) -> Response:
        who = await authenticate(request)
        since = request.query_params.get("since") or None
        raw_limit = request.query_params.get("limit")
        limit = DEFAULT_PAGE
        if raw_limit is not None:
            try:
                limit = int(raw_limit)
            except ValueError:
                limit = 0
            if not 1 <= limit <= MAX_PAGE:
                raise ApiError(
                    400,
                    "bad_parameter",
                    f"limit must be a whole number from 1 to {MAX_PAGE}",
                    field="limit",
                )
        text = await run_in_threadpool(feed.page, who, since, limit)
        return Response(text, media_type="application/json")

    @app.post("/api/v1/events")
    async def post_events(request: Request) -> Response:
        who = await authenticate(request)
        batch: EventBatch = await json_body(request, EventBatch)
        try:
            results = await run_in_threadpool(intake.push, who, batch.events, clock())
        except IdempotencyMismatch as exc:
            raise ApiError(422, exc.code, exc.message, **exc.details) from None
        return JSONResponse({"results": [r.wire() for r in results]})

    def _sha(sha256: str) -> str:
        if not re.fullmatch(SHA256_PATTERN, sha256):
            raise ApiError(
                400, "bad_parameter", "an attachment is named by its SHA-256 in lower-case hex"
            )
        return sha256

    # One route for the three methods, so that another method is told all three (Allow).
    @app.api_route(ATTACHMENTS + "{sha256}", methods=["GET", "HEAD", "PUT"])
    async def attachment(request: Request, sha256: str) -> Response:
        who = await authenticate(request)
        if request.method == "PUT":
            return await _put_attachment(request, who, sha256)
        if request.method == "HEAD":
            stored = await run_in_threadpool(attachments.head, who, _sha(sha256))
            if stored is None:
                return Response(status_code=404)
            if stored.status == "partial":
                return Response(status_code=308, headers=range_header(stored.received))
            return Response(status_code=200, headers={"Content-Length": str(stored.received)})
        mime, data = await run_in_threadpool(attachments.get, who, _sha(sha256))
        return Response(data, media_type=mime)

    async def _put_attachment(request: Request, who: Principal, sha256: str) -> Response:
        data = await request.body()
        stored = await run_in_threadpool(
            attachments.put,
            who,
            _sha(sha256),
            request.headers.get("content-type"),
            data,
            request.headers.get("content-range"),
            clock(),
        )
        if stored.status == "partial":
            return Response(status_code=308, headers=range_header(stored.received))
        return Response(status_code=201 if stored.status == "created" else 200)

    return app
