"""Bad input gets a 4xx `Error` with a machine-readable reason, as the document says, and
nothing is written; tokens expire; attachments upload whole or resumably and are kept only when
they hash to their name."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from harness import (
    Client,
    Demo,
    Platform,
    SettableClock,
    case_no,
    counts,
    error_reason,
    platform_in_process,
    report,
    start_platform,
)
from sqlalchemy import Engine

from commandcenter.demo.photos import photo_pool
from commandcenter.district.database import local_now
from commandcenter.protocol import LOCAL_ZONE, MAX_JSON_BODY

DOCUMENT = Path(__file__).parents[2] / "src/commandcenter/district/openapi.yaml"


@cache
def _document() -> dict[str, Any]:
    return dict(yaml.safe_load(DOCUMENT.read_text(encoding="utf-8")))


def _documented(path: str, method: str, status: int) -> dict[str, Any]:
    """The document's response for (path, method, status), its $refs resolved; fails when the
    status is not documented there."""
    doc = _document()
    responses = doc["paths"][path][method]["responses"]
    assert str(status) in responses, f"{method.upper()} {path} does not document {status}"
    response = responses[str(status)]
    if "$ref" in response:
        response = doc["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return dict(response)


def check_error(r: Any, path: str, method: str, status: int, reason: str) -> None:
    assert r.status_code == status, (r.status_code, r.text)
    response = _documented(path, method, status)
    schema = response["content"]["application/json"]["schema"]
    resolver_doc = {**schema, "components": _document()["components"]}
    jsonschema.validate(r.json(), resolver_doc)
    assert error_reason(r) == reason, r.text


def _photo() -> bytes:
    return photo_pool(7, 1)[0][0]


EVENTS = "/api/v1/events"


def test_bad_events_bodies_are_refused_and_write_nothing(
    platform: Platform, demo: Demo, engine: Engine
) -> None:
    duty = platform.client("shangdu-duty")
    good = report(case_no(), demo.grid, demo.category, demo.member)
    before = counts(engine)

    def post(body: bytes | str) -> Any:
        data = body.encode() if isinstance(body, str) else body
        return duty.post(EVENTS, data=data, headers={"Content-Type": "application/json"})

    cases: list[tuple[Any, int, str]] = [
        ('{"events": [', 400, "malformed_json"),
        ("", 400, "malformed_json"),
        ("[" * 50_000 + "]" * 50_000, 400, "malformed_json"),
        ('{"events": "all of them"}', 400, "invalid_field"),
        (json.dumps({"events": [{**good, "at": "2026-11-23T09:00:00"}]}), 400, "invalid_field"),
        (json.dumps({"events": [{**good, "role": "mayor"}]}), 400, "invalid_field"),
        (json.dumps({"events": [{**good, "actor": 42}]}), 400, "invalid_field"),
        (json.dumps({"events": [good], "priority": "now"}), 400, "unknown_field"),
        (json.dumps({"events": [{**good, "colour": "red"}]}), 400, "unknown_field"),
        (
            json.dumps({"events": [{**good, "payload": {"handler": "x"}}]}),
            400,
            "unknown_field",
        ),
        (
            json.dumps({"events": [{k: v for k, v in good.items() if k != "type"}]}),
            400,
            "missing_field",
        ),
        (json.dumps({"events": []}), 400, "invalid_field"),
        (json.dumps({"events": [{**good, "note": "摊贩\x00"}]}), 400, "invalid_field"),
        (json.dumps({"events": [{**good, "payload": {"person": "\x00"}}]}), 400, "invalid_field"),
        (json.dumps({"events": [good] * 501}), 413, "too_large"),
        (json.dumps({"events": [{**good, "note": "长" * 600_000}]}), 413, "too_large"),
    ]
    for body, status, reason in cases:
        check_error(post(body), EVENTS, "post", status, reason)
    assert counts(engine) == before
    # without a token, with a bad one
    anonymous = Client(platform.base)
    check_error(
        anonymous.post(EVENTS, json={"events": [good]}), EVENTS, "post", 401, "unauthorized"
    )
    forged = Client(platform.base, token="x" * 43)
    check_error(forged.post(EVENTS, json={"events": [good]}), EVENTS, "post", 401, "unauthorized")
    assert counts(engine) == before
    # and the good event still goes in
    assert duty.push(good)[0]["status"] == "applied"


def test_sessions_and_tokens(
    platform_db: str, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    path = "/api/v1/sessions"
    ttl = timedelta(hours=12)
    clock = SettableClock(local_now())
    with platform_in_process(platform_db, clock, ttl) as c:
        r = c.post(path, json={"username": "shangdu-duty", "password": "demo"})
        assert r.status_code == 201
        body = r.json()
        assert body["person"]["roles"] == ["duty_officer"]
        assert body["person"]["street"] == "410171001"
        assert body["expires_at"] == (clock.now + ttl).replace(tzinfo=LOCAL_ZONE).isoformat()
        token = body["token"]
        for bad, status, reason in [
            ({"username": "shangdu-duty", "password": "wrong"}, 401, "bad_credentials"),
            ({"username": "nobody", "password": "demo"}, 401, "bad_credentials"),
            ({"username": "shangdu-duty"}, 400, "missing_field"),
            ({"username": "shangdu-duty", "password": "demo", "otp": "1"}, 400, "unknown_field"),
            ({"username": 7, "password": "demo"}, 400, "invalid_field"),
            ({"username": "shangdu\x00duty", "password": "demo"}, 400, "invalid_field"),
        ]:
            check_error(c.post(path, json=bad), path, "post", status, reason)
        user = Client(c.base, token=token)
        assert user.get("/api/v1/changes", params={"limit": 1}).status_code == 200
        clock.advance(ttl - timedelta(seconds=1))  # its last second
        assert user.get("/api/v1/changes", params={"limit": 1}).status_code == 200
        clock.advance(timedelta(seconds=1))
        r = user.get("/api/v1/changes", params={"limit": 1})
        check_error(r, "/api/v1/changes", "get", 401, "token_expired")
        assert r.headers["WWW-Authenticate"] == "Bearer"
    # A bug shows as a logged error even when the answer was a clean 500.
    assert [rec for rec in caplog.records if rec.levelno >= logging.ERROR] == []
    with engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT token_hash FROM tokens").scalars().all()
        hashes = conn.exec_driver_sql("SELECT password_hash FROM accounts").scalars().all()
    assert token not in stored and hashlib.sha256(token.encode()).hexdigest() in stored
    assert all(h.startswith("scrypt$") and "demo" not in h for h in hashes)
    assert len(set(hashes)) == len(hashes), "each password hash has its own salt"


def test_the_token_lifetime_is_set_on_the_command_line(platform_db: str, tmp_path: Path) -> None:
    platform = start_platform(platform_db, tmp_path, "--token-ttl", "2")
    try:
        c = Client(platform.base)

        def server_now() -> datetime:
            return datetime.fromisoformat(c.get("/api/v1/time").json()["now"])

        before = server_now()
        r = c.post("/api/v1/sessions", json={"username": "shangdu-duty", "password": "demo"})
        after = server_now()
        assert r.status_code == 201, r.text
        # The server's clock drops the fraction of a second: its now is within 1 s before.
        expires = datetime.fromisoformat(r.json()["expires_at"])
        assert before + timedelta(seconds=1) < expires <= after + timedelta(seconds=2)
    finally:
        platform.stop()
    assert "Traceback" not in platform.output()


def test_feed_parameters(platform: Platform) -> None:
    path = "/api/v1/changes"
    duty = platform.client("shangdu-duty")
    for params, reason in [
        ({"limit": "0"}, "bad_parameter"),
        ({"limit": "1001"}, "bad_parameter"),
        ({"limit": "ten"}, "bad_parameter"),
        ({"since": "not-a-cursor"}, "bad_cursor"),
        ({"since": "x" * 300}, "bad_cursor"),
    ]:
        check_error(duty.get(path, params=params), path, "get", 400, reason)
    # a well-formed cursor of another platform database, and one from its future
    import base64

    def cursor(epoch: str, seq: int) -> str:
        raw = json.dumps({"e": epoch, "s": seq}).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    page = duty.changes(limit=1)
    mine = json.loads(base64.urlsafe_b64decode(page["next"] + "=="))
    check_error(
        duty.get(path, params={"since": cursor("0" * 32, 1)}), path, "get", 400, "bad_cursor"
    )
    check_error(
        duty.get(path, params={"since": cursor(mine["e"], 10**9)}), path, "get", 400, "bad_cursor"
    )


def test_attachments_whole_and_resumable(platform: Platform, demo: Demo, engine: Engine) -> None:
    duty = platform.client("shangdu-duty")
    photo = _photo()
    sha = hashlib.sha256(photo).hexdigest()
    path = f"/api/v1/attachments/{sha}"
    doc_path = "/api/v1/attachments/{sha256}"
    png = {"Content-Type": "image/png"}
    assert duty.head(path).status_code == 404
    # an event naming a photo the server does not have is rejected
    rep = report(
        case_no(),
        demo.grid,
        demo.category,
        demo.member,
        attachments=[{"sha256": sha, "mime": "image/png", "size": len(photo)}],
    )
    (r,) = duty.push(rep)
    assert (r["status"], r["reason"]) == ("rejected", "attachment_missing")

    third = len(photo) // 3
    parts = [(0, third), (third, 2 * third), (2 * third, len(photo))]

    def send(first: int, end: int) -> Any:
        rng = f"bytes {first}-{end - 1}/{len(photo)}"
        return duty.put(path, data=photo[first:end], headers={**png, "Content-Range": rng})

    r = send(*parts[0])
    assert r.status_code == 308 and r.headers["Range"] == f"bytes=0-{third - 1}"
    h = duty.head(path)
    assert h.status_code == 308 and h.headers["Range"] == f"bytes=0-{third - 1}"
    # a gap is refused and says where to go on from
    r = send(*parts[2])
    check_error(r, doc_path, "put", 400, "bad_range")
    assert r.json()["details"]["received"] == third
    # a part sent twice (the answer was lost) is fine
    assert send(*parts[0]).status_code == 308
    assert send(*parts[1]).status_code == 308
    assert send(*parts[2]).status_code == 201
    h = duty.head(path)
    assert h.status_code == 200 and int(h.headers["Content-Length"]) == len(photo)
    g = duty.get(path)
    assert g.status_code == 200 and g.content == photo
    assert g.headers["Content-Type"] == "image/png"
    assert duty.put(path, data=photo, headers=png).status_code == 200
    (r,) = duty.push({**rep, "uuid": rep["uuid"].replace(rep["uuid"][:8], "0" * 8)})
    assert r["status"] == "applied"

    # a whole that does not hash to its name is not kept, whole or resumed
    other = _photo()[:-1] + b"\x00"
    wrong = "/api/v1/attachments/" + "ab" * 32
    before = counts(engine)
    check_error(duty.put(wrong, data=other, headers=png), doc_path, "put", 422, "hash_mismatch")
    half = len(other) // 2
    r = duty.put(
        wrong,
        data=other[:half],
        headers={**png, "Content-Range": f"bytes 0-{half - 1}/{len(other)}"},
    )
    assert r.status_code == 308
    r = duty.put(
        wrong,
        data=other[half:],
        headers={**png, "Content-Range": f"bytes {half}-{len(other) - 1}/{len(other)}"},
    )
    check_error(r, doc_path, "put", 422, "hash_mismatch")
    assert duty.head(wrong).status_code == 404
    for data, headers, status, reason in [
        (b"GIF89a", {"Content-Type": "image/gif"}, 400, "invalid_field"),
        (photo, {**png, "Content-Range": "bytes 0-9/5"}, 400, "bad_range"),
        (photo, {**png, "Content-Range": "bytes=0-"}, 400, "bad_range"),
        (b"", png, 400, "invalid_field"),
        (b"x" * (21 * 1024 * 1024), png, 413, "too_large"),
    ]:
        check_error(duty.put(wrong, data=data, headers=headers), doc_path, "put", status, reason)
    text = b"not a picture at all"
    named = "/api/v1/attachments/" + hashlib.sha256(text).hexdigest()
    check_error(duty.put(named, data=text, headers=png), doc_path, "put", 400, "invalid_field")
    bad_name = "/api/v1/attachments/NOT-A-HASH"
    check_error(duty.get(bad_name), doc_path, "get", 400, "bad_parameter")
    assert counts(engine) == before
    check_error(Client(platform.base).get(path), doc_path, "get", 401, "unauthorized")


@pytest.mark.parametrize("size", [MAX_JSON_BODY + 1])
def test_an_oversized_sign_in_is_refused(platform: Platform, size: int) -> None:
    body = json.dumps({"username": "u", "password": "p" * size})
    r = Client(platform.base).post(
        "/api/v1/sessions", data=body, headers={"Content-Type": "application/json"}
    )
    check_error(r, "/api/v1/sessions", "post", 413, "too_large")
