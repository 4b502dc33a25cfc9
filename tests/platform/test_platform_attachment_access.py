"""[12/20] 5: attachments are read only where they belong. A street office's account gets 404
(GET and HEAD alike, so existence is not told) for a photo only another street's events refer
to, and 200 for its own; the district reads every one; bytes held for another street are taken
from a street that shows it has them (the whole hashes to its name, or its ranges equal the held
bytes) and then it may read them; wrong bytes change nothing; an event may not refer to a photo
its street may not read."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from harness import Demo, Platform, case_no, report
from sqlalchemy import Engine, text

from commandcenter.demo.photos import photo_pool

OTHER = "xiangyun-duty"
PNG = {"Content-Type": "image/png"}


def _photos_by_street(engine: Engine) -> dict[str, set[str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT e.attachments, c.street FROM events e JOIN cases c ON c.uuid = e.case_uuid"
                " WHERE e.attachments <> '[]'"
            )
        ).all()
    out: dict[str, set[str]] = {}
    for attachments, street in rows:
        for a in json.loads(attachments):
            out.setdefault(street, set()).add(a["sha256"])
    return out


def _street_of(engine: Engine, username: str) -> str:
    with engine.connect() as conn:
        street = conn.execute(
            text(
                "SELECT p.street FROM accounts a JOIN people p ON p.code = a.person"
                " WHERE a.username = :u"
            ),
            {"u": username},
        ).scalar_one()
    assert isinstance(street, str)
    return street


def _duty_of(engine: Engine, street: str) -> str:
    with engine.connect() as conn:
        return str(
            conn.execute(
                text(
                    "SELECT a.username FROM accounts a JOIN people p ON p.code = a.person"
                    " WHERE p.street = :s AND a.username LIKE '%-duty' ORDER BY 1"
                ),
                {"s": street},
            ).scalar_one()
        )


def test_a_photo_of_another_street_is_not_there_for_it(platform: Platform, engine: Engine) -> None:
    here = _street_of(engine, "shangdu-duty")
    by_street = _photos_by_street(engine)
    there = sorted(s for s in by_street if s != here)[0]
    mine, theirs = platform.client("shangdu-duty"), platform.client(_duty_of(engine, there))
    only_there = sorted(by_street[there] - by_street.get(here, set()))
    assert only_there
    for sha in only_there[:3]:
        path = f"/api/v1/attachments/{sha}"
        assert mine.head(path).status_code == 404
        got = mine.get(path)
        assert got.status_code == 404 and got.json()["reason"] == "not_found"
        assert theirs.head(path).status_code == 200 and theirs.get(path).status_code == 200
    photo = photo_pool(12, 1)[0][0]  # one this street uploads is its own
    own = hashlib.sha256(photo).hexdigest()
    path = f"/api/v1/attachments/{own}"
    assert mine.put(path, data=photo, headers=PNG).status_code == 201
    got = mine.get(path)
    assert got.status_code == 200 and got.content == photo and mine.head(path).status_code == 200
    assert theirs.head(path).status_code == 404
    district = platform.client("zhengdong-district")
    for sha in [*only_there[:2], own]:
        assert district.get(f"/api/v1/attachments/{sha}").status_code == 200


def test_an_event_may_not_refer_to_a_photo_its_street_may_not_read(
    platform: Platform, engine: Engine, demo: Demo
) -> None:
    here = _street_of(engine, "shangdu-duty")
    by_street = _photos_by_street(engine)
    there = sorted(s for s in by_street if s != here)[0]
    sha = sorted(by_street[there] - by_street.get(here, set()))[0]
    with engine.connect() as conn:
        size = conn.execute(text("SELECT size FROM blobs WHERE sha256 = :s"), {"s": sha}).scalar()
    duty = platform.client("shangdu-duty")
    event = report(
        case_no(),
        demo.grid,
        demo.category,
        demo.member,
        attachments=[{"sha256": sha, "mime": "image/png", "size": size}],
    )
    (result,) = duty.push(event)
    assert (result["status"], result["reason"]) == ("rejected", "attachment_missing")
    assert duty.get(f"/api/v1/attachments/{sha}").status_code == 404


def _held_for_another_street(platform: Platform) -> tuple[bytes, str]:
    """A photo only the other street has uploaded."""
    photo = photo_pool(11, 1)[0][0]
    sha = hashlib.sha256(photo).hexdigest()
    theirs = platform.client(OTHER)
    assert theirs.put(f"/api/v1/attachments/{sha}", data=photo, headers=PNG).status_code == 201
    return photo, sha


def test_bytes_held_for_another_street_are_taken_once_shown_whole(platform: Platform) -> None:
    photo, sha = _held_for_another_street(platform)
    path = f"/api/v1/attachments/{sha}"
    mine = platform.client("shangdu-duty")
    assert mine.head(path).status_code == 404
    wrong: Any = mine.put(path, data=photo[:-1] + b"\x00", headers=PNG)
    assert wrong.status_code == 422 and wrong.json()["reason"] == "hash_mismatch"
    assert mine.head(path).status_code == 404  # nothing granted by wrong bytes
    assert mine.put(path, data=photo, headers=PNG).status_code == 200  # held: not created again
    assert mine.head(path).status_code == 200
    assert mine.get(path).content == photo


def test_bytes_held_for_another_street_are_taken_range_by_range(platform: Platform) -> None:
    photo, sha = _held_for_another_street(platform)
    path = f"/api/v1/attachments/{sha}"
    mine = platform.client("shangdu-duty")
    half = len(photo) // 2

    def send(first: int, end: int, data: bytes | None = None) -> Any:
        headers = {**PNG, "Content-Range": f"bytes {first}-{end - 1}/{len(photo)}"}
        return mine.put(path, data=photo[first:end] if data is None else data, headers=headers)

    bad = send(0, half, b"\x00" * half)
    assert bad.status_code == 422 and mine.head(path).status_code == 404
    first = send(0, half)
    assert first.status_code == 308 and first.headers["Range"] == f"bytes=0-{half - 1}"
    assert mine.head(path).status_code == 404  # not yet shown to the end
    assert send(half, len(photo)).status_code == 200
    assert mine.get(path).content == photo
