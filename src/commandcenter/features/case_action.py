"""What a person does to a case from the window's case panel (受理, 派遣, 处置反馈, 核查, 结案 …):
the dialog's request becomes one lifecycle command, recorded with its photos (photos first, into
the blob store, then event, projection, changes and outbox in one transaction)."""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain.enums import Role
from ..domain.lifecycle import EventType
from ..domain.transitions import Command
from ..store.blobs import BlobStore
from ..store.case_commands import CaseCommands, Recorded

# Photos larger than this are refused rather than stored: a phone photo is a few MB.
MAX_PHOTO_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class ActionRequest:
    """What an action dialog asks for: the event, the role it is recorded in, the note, the
    payload the engine reads (docs: domain/transitions.py) and photos to attach."""

    case_id: int
    event: EventType
    role: Role
    note: str = ""
    payload: Mapping[str, Any] = field(default_factory=dict)
    photos: tuple[Path, ...] = ()


class PhotoError(ValueError):
    """A photo that cannot be attached; `reason` says why, for the window to put in words."""

    NOT_AN_IMAGE = "not_an_image"
    UNREADABLE = "unreadable"
    TOO_LARGE = "too_large"

    def __init__(self, message: str, *, path: Path, reason: str) -> None:
        super().__init__(message)
        self.path = path
        self.reason = reason


def read_photo(path: Path) -> tuple[bytes, str]:
    """The bytes and MIME type of a photo file; PhotoError names the file and the problem."""
    mime = mimetypes.guess_type(path.name)[0] or ""
    if not mime.startswith("image/"):
        raise PhotoError(
            f"{path.name}: not an image file", path=path, reason=PhotoError.NOT_AN_IMAGE
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PhotoError(
            f"{path.name}: cannot be read ({exc.strerror})",
            path=path,
            reason=PhotoError.UNREADABLE,
        ) from exc
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoError(
            f"{path.name}: larger than {MAX_PHOTO_BYTES // (1024 * 1024)} MB",
            path=path,
            reason=PhotoError.TOO_LARGE,
        )
    return data, mime


def record_action(
    commands: CaseCommands,
    blobs: BlobStore,
    person_code: str,
    request: ActionRequest,
    now: datetime,
) -> Recorded:
    """Records the request as `person_code` at `now` (a writer's call); raises the engine's
    typed errors when the rules refuse it, PhotoError for a photo that cannot be attached."""
    attachments = []
    for path in request.photos:
        data, mime = read_photo(path)
        attachments.append((blobs.put(data), mime, len(data)))
    command = Command(
        type=request.event,
        actor=person_code,
        role=request.role,
        at=now.replace(microsecond=0),
        note=request.note,
        payload=dict(request.payload),
    )
    return commands.apply(request.case_id, command, attachments)
