"""A checked copy of a workstation database, and putting one back (`commandcenter backup`,
`commandcenter restore`). The window makes the day's copy itself at its first start."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..store.backup import Backup, Restored, make_backup, restore_backup


@dataclass(frozen=True)
class BackupRequest:
    db: Path
    out: Path | None = None  # default: <data dir>/backups/<name>-<where>-<time>.db


@dataclass(frozen=True)
class BackupResult:
    backup: Backup

    def lines(self) -> list[str]:
        return [str(self.backup.path)]

    def said(self) -> list[str]:
        return [f"backed up ({self.backup.size:,} bytes, checked)"]

    def as_json(self) -> dict[str, object]:
        b = self.backup
        return {"path": str(b.path), "made": b.made.isoformat(), "bytes": b.size}


def backup_database(request: BackupRequest) -> BackupResult:
    """The copy the request asks for; a damaged database is refused and no copy kept."""
    return BackupResult(make_backup(request.db, request.out))


@dataclass(frozen=True)
class RestoreRequest:
    db: Path
    source: Path  # the backup to put back


@dataclass(frozen=True)
class RestoreResult:
    restored: Restored

    def said(self) -> list[str]:
        r = self.restored
        kept = f"; the file it replaced is kept as {r.replaced}" if r.replaced else ""
        return [f"{r.db} restored from {r.source}{kept}"]


def restore_database(request: RestoreRequest) -> RestoreResult:
    """The backup checked whole, then put in the database's place (close the window first)."""
    return RestoreResult(restore_backup(request.db, request.source))
