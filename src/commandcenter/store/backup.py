"""Backups of a workstation database, the office's record: a consistent copy made with SQLite's
online backup API (the database as it was at one moment, taken while the window writes),
checked with `quick_check` before it is kept, the newest 14 kept (the database's setting
`backups_kept`) in `<data dir>/backups/`; and a restore that checks the backup before it
replaces anything and keeps the file it replaces beside it. Made at the window's first start of
a day and before every migration; `commandcenter backup` and `commandcenter restore` by hand."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .. import paths
from .errors import DatabaseDamaged
from .sqlite import check_sqlite_file, connect_readonly

log = logging.getLogger(__name__)

KEEP = 14
KEEP_SETTING = "backups_kept"
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<key>.+-[0-9a-f]{6})-(?P<stamp>\d{8}-\d{6})\.db$")
SIDE_FILES = ("-wal", "-shm")


def backups_dir() -> Path:
    return paths.user_data_dir() / "backups"


def backup_key(db: Path) -> str:
    """Whose backups these are: the file's name and a short hash of where it is (two
    databases of one name in two folders keep their own)."""
    where = hashlib.sha256(str(Path(db).resolve()).encode()).hexdigest()[:6]
    return f"{Path(db).stem}-{where}"


@dataclass(frozen=True)
class Backup:
    path: Path
    made: datetime
    size: int


@dataclass(frozen=True)
class Restored:
    db: Path
    source: Path
    replaced: Path | None  # the file the backup replaced, kept beside it (None: there was none)


def backups_of(db: Path, folder: Path | None = None) -> list[Backup]:
    """The backups of `db` in `folder` (default: the backups directory), newest first."""
    folder, key = folder or backups_dir(), backup_key(db)
    found = []
    if folder.is_dir():
        for p in folder.iterdir():
            m = _NAME.match(p.name)
            if m and m["key"] == key and p.is_file():
                made = datetime.strptime(m["stamp"], _STAMP)
                found.append(Backup(p, made, p.stat().st_size))
    return sorted(found, key=lambda b: b.made, reverse=True)


def quick_check(path: Path) -> str | None:
    """None when SQLite's quick_check finds `path` sound, else its first finding. Reads the
    whole file (seconds at district scale): for backups and restores, not for every open."""
    try:
        conn = connect_readonly(path, immutable=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    findings = [line for r in rows for line in str(r[0]).splitlines() if line.strip()]
    if findings == ["ok"]:
        return None
    first = next((f for f in findings if not f.startswith("***")), findings[0])
    more = len(findings) - 1
    return first + (f" and {more} more problem{'s' if more != 1 else ''}" if more else "")


def make_backup(
    db: Path,
    out: Path | None = None,
    *,
    now: datetime | None = None,
    folder: Path | None = None,
) -> Backup:
    """A checked copy of `db` at `out` (default: `<folder>/<name>-<time>.db`, the older ones
    beyond the database's `backups_kept` then removed). Refuses a damaged database, keeping no
    copy of it."""
    db = Path(db)
    check_sqlite_file(db, must_exist=True)
    made = (now or datetime.now()).replace(microsecond=0)
    target = out or (folder or backups_dir()) / f"{backup_key(db)}-{made:{_STAMP}}.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        _copy(db, partial)
        finding = quick_check(partial)
        if finding is not None:
            raise DatabaseDamaged(str(db), f"quick_check: {finding}")
        os.replace(partial, target)
    finally:
        for p in (partial, *(Path(f"{partial}{s}") for s in SIDE_FILES)):
            p.unlink(missing_ok=True)
    log.info("backed up %s to %s", db, target)
    if out is None:
        _prune(db, target.parent, _kept(target))
    return Backup(target, made, target.stat().st_size)


def _copy(db: Path, target: Path) -> None:
    # Read-only on the live file (a writer may be at work: the copy is of one moment); the
    # copy is made a whole file of its own, no WAL beside it.
    source = connect_readonly(db)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamaged(str(db), str(exc)) from None
    finally:
        source.close()


def _kept(copy: Path) -> int:
    """The database's own setting, read from its copy; KEEP when it has none or a bad one."""
    conn = connect_readonly(copy, immutable=True)
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (KEEP_SETTING,)).fetchone()
    except sqlite3.Error:
        row = None
    finally:
        conn.close()
    try:
        return max(1, int(row[0])) if row else KEEP
    except (TypeError, ValueError):
        log.warning("setting %s is not a number: %r; keeping %d", KEEP_SETTING, row[0], KEEP)
        return KEEP


def _prune(db: Path, folder: Path, keep: int) -> None:
    for old in backups_of(db, folder)[keep:]:
        old.path.unlink(missing_ok=True)
        log.info("removed the old backup %s", old.path)


def daily_backup(db: Path, now: datetime, folder: Path | None = None) -> Backup | None:
    """The day's backup, made at the window's first start of the day; None when there is one."""
    if any(b.made.date() == now.date() for b in backups_of(db, folder)):
        return None
    return make_backup(db, now=now, folder=folder)


def restore_backup(db: Path, source: Path, *, now: datetime | None = None) -> Restored:
    """Replaces `db` by the backup `source` once the backup is found sound; the replaced file
    (and its -wal and -shm) is kept beside it as `<name>.replaced-<time>`. The window on `db`
    must be closed first."""
    db, source = Path(db), Path(source)
    check_sqlite_file(source, must_exist=True)
    finding = quick_check(source)
    if finding is not None:
        raise DatabaseDamaged(str(source), f"quick_check: {finding}")
    db.parent.mkdir(parents=True, exist_ok=True)
    partial = db.with_name(f".{db.name}.restoring")
    try:
        shutil.copyfile(source, partial)
        replaced = None
        if db.exists():
            stamp = (now or datetime.now()).strftime(_STAMP)
            replaced = db.with_name(f"{db.name}.replaced-{stamp}")
            os.replace(db, replaced)
            for side in SIDE_FILES:
                if Path(f"{db}{side}").exists():
                    os.replace(f"{db}{side}", f"{replaced}{side}")
        os.replace(partial, db)
    finally:
        partial.unlink(missing_ok=True)
    log.info("restored %s from %s (the replaced file: %s)", db, source, replaced)
    return Restored(db, source, replaced)
