"""The escalation timeline dock: the selected case's stages drawn across the four levels, with
a line of words above (where it is, how long it has left) and the bars as a table below."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDockWidget,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.projection import DeadlinePolicy
from ...domain.timeline import Timeline, TimelineEvent, as_timeline_events, build_timeline
from ...store.case_detail import CaseDetail
from ..common.i18n import tr_label
from ..common.plain_text import plain
from .timeline_model import TimelineModel, duration_text, lane_label, stage_label, time_text
from .timeline_view import TimelineView

REFRESH_MS = 60_000  # a running bar grows with the clock


class TimelinePanel(QWidget):
    def __init__(self, clock: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline_panel")
        self._clock = clock
        self._events: list[TimelineEvent] = []
        self._policy: DeadlinePolicy | None = None
        self._case: CaseDetail | None = None
        self.summary = plain(QLabel(self.tr("未选择案件"), self))
        self.summary.setObjectName("timeline_summary")
        self.summary.setWordWrap(True)
        self.view = TimelineView(self)
        self.view.setObjectName("timeline_view")
        self.model = TimelineModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("timeline_table")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.view)
        split.addWidget(self.table)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self.rebuild)

    def timeline(self) -> Timeline | None:
        return self.view.timeline()

    def policy(self) -> DeadlinePolicy | None:
        return self._policy

    def show_case(self, case: CaseDetail | None, policy: DeadlinePolicy | None) -> None:
        """Show `case` (its events replayed under `policy`, the category's deadlines)."""
        self._case, self._policy = case, policy
        self._events = as_timeline_events(case.events) if case is not None else []
        self.rebuild()

    def rebuild(self) -> None:
        timeline = None
        if self._case is not None and self._policy is not None and self._events:
            timeline = build_timeline(self._events, self._policy, self._clock())
        self.view.set_timeline(timeline)
        self.model.set_timeline(timeline)
        self.summary.setText(self._summary(timeline))
        if timeline is not None and timeline.running is not None:
            self._refresh.start()
        else:
            self._refresh.stop()

    def _summary(self, timeline: Timeline | None) -> str:
        case = self._case
        if case is None or timeline is None:
            return self.tr("未选择案件")
        head = f"{case.case_no}  {tr_label(case.state)} · {case.grid_name}"
        running = timeline.running
        if running is None:
            return head + self.tr(" · 已结束，历时 %1").replace(
                "%1", duration_text(timeline.end - timeline.start)
            )
        where = (
            self.tr(" · 现在：%1 · %2")
            .replace("%1", lane_label(running.lane))
            .replace("%2", stage_label(running.stage))
        )
        if running.due_at is None:
            return head + where
        now = self._clock()
        if now > running.due_at:
            left = self.tr("，超期 %1").replace("%1", duration_text(now - running.due_at))
        else:
            left = self.tr("，剩余 %1").replace("%1", duration_text(running.due_at - now))
        due = self.tr("（时限 %1%2）").replace("%1", time_text(running.due_at)).replace("%2", left)
        return head + where + due


class TimelineDock(QDockWidget):
    def __init__(self, clock: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("升级时间线"), parent)
        self.setObjectName("TimelineDock")
        self.panel = TimelinePanel(clock, self)
        self.setWidget(self.panel)
