"""Where the program's own files are: resources/ and db/ in the source tree, or beside the
executable in a frozen bundle. Every other module asks here."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "commandcenter"


def root() -> Path:
    override = os.environ.get("COMMANDCENTER_ROOT")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    # src/commandcenter/paths.py -> the checkout
    return Path(__file__).resolve().parents[2]


def resources() -> Path:
    return root() / "resources"


def resource(*parts: str) -> Path:
    return resources().joinpath(*parts)


def migrations() -> Path:
    return root() / "db"


def platform_migrations() -> Path:
    return root() / "db" / "platform"


def default_taxonomy() -> Path:
    return resource("taxonomy", "default.json")


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database() -> Path:
    return user_data_dir() / "commandcenter.db"


def blob_dir_for(database: Path) -> Path:
    """Attachments live beside the database they belong to: <data>/blobs/ab/<sha256>."""
    return database.resolve().parent / "blobs"
