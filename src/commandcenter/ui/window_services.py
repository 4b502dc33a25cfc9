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
from ..store.queues import CaseQueueRepository
from .dashboard.dashboard_dock import LoadDashboard
from .map.map_link import MapData

if TYPE_CHECKING:
    pass


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
    alerts: AlertService | None = None
    map_data: MapData | None = None  # the grid map (a QtWebEngine page) when given
    tiles: TileSource | None = None  # the map's base tiles (none by default)
    # The level-3 grid a point lies in (or nearest within a few metres): the grid suggested when
    # a report is accepted. Called on the read lane.
    locate_grid: Callable[[float, float], str | None] | None = None
    # Sync with the district platform: who is signed in comes from the platform (the local
    # person picker is for a database not tied to one).
    sync: SyncService | None = None
    # The dashboard's figures as of a time (count lane); None: no dashboard dock.
    load_dashboard: LoadDashboard | None = None
