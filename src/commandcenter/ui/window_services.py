"""What the main window is given by the composition root (app.py): the repositories, services
and loaders it works with, each optional part switching its dock, view or menu entry on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.calendar import WorkingCalendar
from ..geo.tiles import TileSource
from ..services.alert_service import AlertService
from ..services.case_action_service import CaseActionService
from ..services.change_feed import ChangeFeed
from ..services.supervision_service import SupervisionService
from ..services.sync_service import SyncService
from ..services.task_runner import TaskRunner
from ..store.blobs import BlobStore
from ..store.case_detail import CaseDetailRepository
from ..store.directory import Directory
from ..store.escalations import WallRow
from ..store.queues import CaseQueueRepository
from .dashboard_dock import LoadDashboard
from .ledger_view import LoadLedger
from .map_link import MapData
from .presenter_window import LoadPhotos
from .review_view import LoadReview, SavePack

if TYPE_CHECKING:
    from ..features.ledger_import import LedgerImporter


@dataclass(frozen=True)
class ReviewServices:
    load: LoadReview  # the week's review document; called on the read lane
    load_photos: LoadPhotos  # photos by sha256; called on the read lane
    save_pack: SavePack | None = None  # writes the pack (PDF/PPTX); called on the export lane


@dataclass
class WindowServices:
    runner: TaskRunner
    queues: CaseQueueRepository
    details: CaseDetailRepository
    load_directory: Callable[[], Directory]
    blobs: BlobStore
    clock: Callable[[], datetime]
    actions: CaseActionService | None = None
    feed: ChangeFeed | None = None
    supervision: SupervisionService | None = None
    settings_path: Path | None = None
    calendar: WorkingCalendar | None = None  # replays deadlines for the timeline
    load_wall: Callable[[datetime], list[WallRow]] | None = None  # the escalation wall's rows
    alerts: AlertService | None = None
    map_data: MapData | None = None  # the grid map (a QtWebEngine page) when given
    tiles: TileSource | None = None  # the map's base tiles (none by default)
    # The level-3 grid a point lies in (or nearest within a few metres): the grid suggested when
    # a report is accepted. Called on the read lane.
    locate_grid: Callable[[float, float], str | None] | None = None
    # Sync with the district platform: who is signed in comes from the platform (the local
    # person picker is for a database not tied to one).
    sync: SyncService | None = None
    # The rectification ledger (整改台账) of a filter, as a document; called on the read lane.
    load_ledger: LoadLedger | None = None
    # Checks (read lane) and writes (write lane) a ledger typed in Excel; None: read-only window.
    ledger_import: LedgerImporter | None = None
    # The dashboard's figures as of a time (count lane); None: no dashboard dock.
    load_dashboard: LoadDashboard | None = None
    # The Thursday review meeting (周例会): its document, photos and pack writer.
    review: ReviewServices | None = None
