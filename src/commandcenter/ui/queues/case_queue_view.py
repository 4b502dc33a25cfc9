"""The queues: a filter bar, a tab per queue with its count, and the table of cases. Every
filter is SQL's (store/queues.py); typing in the search box waits for a pause before asking."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, datetime

from PySide6.QtCore import QDate, QItemSelection, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import Priority, Source
from ...domain.supervision import Light
from ...store.directory import Directory
from ...store.queues import Queue, QueueFilter
from ..common.i18n import QT_TRANSLATE_NOOP, tr_label
from ..common.plain_text import plain
from .case_queue_table_model import CASE_ID_ROLE, CaseQueueTableModel

SEARCH_PAUSE_MS = 250
_LIGHTS = (
    (Light.RED, QT_TRANSLATE_NOOP("CaseQueueView", "红灯")),
    (Light.YELLOW, QT_TRANSLATE_NOOP("CaseQueueView", "黄灯")),
    (Light.GREEN, QT_TRANSLATE_NOOP("CaseQueueView", "绿灯")),
    (Light.NONE, QT_TRANSLATE_NOOP("CaseQueueView", "无时限")),
)


class CaseQueueView(QWidget):
    case_selected = Signal(object)  # case id or None

    def __init__(
        self,
        model: CaseQueueTableModel,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._clock = clock
        self._grid: str | None = None
        self._grid_names: dict[str, str] = {}
        self._counts: dict[Queue, int] = {}

        self.grid_label = plain(QLabel(self.tr("网格：全部"), self))
        self.grid_label.setObjectName("grid_filter")
        self.clear_grid = QPushButton(self.tr("全部网格"), self)
        self.clear_grid.clicked.connect(lambda: self.set_grid(None))
        self.category = self._combo("category", self.tr("全部类别"))
        self.source = self._combo("source", self.tr("全部来源"))
        for s in Source:
            self.source.addItem(tr_label(s), s.value)
        self.priority = self._combo("priority", self.tr("全部优先级"))
        for p in Priority:
            self.priority.addItem(tr_label(p), p.value)
        self.light = self._combo("light", self.tr("全部灯色"))
        for lamp, label in _LIGHTS:
            self.light.addItem(self.tr(label), lamp.value)
        self.use_dates = QCheckBox(self.tr("上报日期"), self)
        self.use_dates.setObjectName("use_dates")
        self.date_from = QDateEdit(self)
        self.date_to = QDateEdit(self)
        for edit, name in ((self.date_from, "date_from"), (self.date_to, "date_to")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate.currentDate())
            edit.setEnabled(False)
            edit.dateChanged.connect(self._on_filter_edited)
        self.use_dates.toggled.connect(self._on_use_dates_toggled)
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("搜索编号、描述、地址"))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textEdited.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filter)

        bar = QHBoxLayout()
        bar.addWidget(self.grid_label)
        bar.addWidget(self.clear_grid)
        bar.addWidget(self.search, 1)
        filters = QHBoxLayout()
        widgets: list[QWidget] = [self.category, self.source, self.priority, self.light]
        widgets += [self.use_dates, self.date_from, QLabel("—", self), self.date_to]
        for w in widgets:
            filters.addWidget(w)
        filters.addStretch(1)

        self.tabs = QTabBar(self)
        self.tabs.setObjectName("queue_tabs")
        self.tabs.setExpanding(False)
        for queue in Queue:
            index = self.tabs.addTab(tr_label(queue))
            self.tabs.setTabData(index, queue.value)
        self.tabs.currentChanged.connect(lambda _i: self.apply_filter())

        self.table = QTableView(self)
        self.table.setObjectName("queue_table")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics = header.fontMetrics()
        for column, width in enumerate((130, 64, 32, 110, 150, 56, 96, 96, 220)):
            # At least the header's words (English ones are longer) and its sort arrow.
            title = str(model.headerData(column, Qt.Orientation.Horizontal))
            header.resizeSection(column, max(width, metrics.horizontalAdvance(title) + 24))
        header.setSortIndicatorShown(True)
        sort = model.sort_order
        header.setSortIndicator(
            model.column_for(sort.key),
            Qt.SortOrder.DescendingOrder if sort.descending else Qt.SortOrder.AscendingOrder,
        )
        # After the indicator: enabling sorting sorts by whatever the indicator says.
        self.table.setSortingEnabled(True)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        # A selected row the list drops (the case moved to another queue) selects nothing:
        # say so, as Qt does not for removed rows.
        self._said: int | None = None
        model.rowsRemoved.connect(lambda *_a: self._say_selection())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addLayout(bar)
        layout.addLayout(filters)
        layout.addWidget(self.tabs)
        layout.addWidget(self.table, 1)

    def _combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.addItem(everything, None)
        combo.currentIndexChanged.connect(self._on_filter_edited)
        return combo

    # -- set-up ----------------------------------------------------------------------------
    def set_directory(self, directory: Directory) -> None:
        self._grid_names = {g.code: g.name for g in directory.grids}
        self.category.blockSignals(True)
        for cat in directory.categories:
            label = f"{cat.parent_name} / {cat.name}" if cat.parent_name else cat.name
            self.category.addItem(label, cat.code)
        self.category.blockSignals(False)

    # -- the filter ------------------------------------------------------------------------
    def current_queue(self) -> Queue:
        return Queue(self.tabs.tabData(self.tabs.currentIndex()))

    def select_queue(self, queue: Queue) -> None:
        self.tabs.setCurrentIndex(list(Queue).index(queue))

    def current_filter(self) -> QueueFilter:
        def chosen(combo: QComboBox) -> frozenset[str]:
            value = combo.currentData()
            return frozenset({value}) if value else frozenset()

        light_value = self.light.currentData()
        dates = self.use_dates.isChecked()
        return QueueFilter(
            now=self._clock(),
            queue=self.current_queue(),
            grid_prefix=self._grid,
            categories=chosen(self.category),
            sources=chosen(self.source),
            priorities=chosen(self.priority),
            light=Light(light_value) if light_value else None,
            reported_from=_day(self.date_from.date()) if dates else None,
            reported_to=_day(self.date_to.date()) if dates else None,
            text=self.search.text(),
        )

    def set_grid(self, code: str | None) -> None:
        self._grid = code
        name = self._grid_names.get(code or "", code) if code else self.tr("全部")
        self.grid_label.setText(self.tr("网格：%s") % name)
        self.apply_filter()

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_query(self.current_filter())

    def set_counts(self, counts: Mapping[Queue, int]) -> None:
        self._counts = dict(counts)
        for index, queue in enumerate(Queue):
            n = counts.get(queue)
            text = tr_label(queue) + (f" {n:,}" if n is not None else "")
            if self.tabs.tabText(index) != text:
                self.tabs.setTabText(index, text)

    def counts_filter(self) -> QueueFilter:
        """The filter the tab counts are taken under: the current one, any queue."""
        return replace(self.current_filter(), queue=Queue.ALL)

    # -- selection -------------------------------------------------------------------------
    def current_case_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(CASE_ID_ROLE) if rows else None

    def select_case(self, case_id: int) -> bool:
        row = self.model.row_of(case_id)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def show_only(self, case_no: str) -> None:
        """Every queue and filter let go, the search on this number: the list shows the case."""
        combos = (self.category, self.source, self.priority, self.light)
        for widget in (*combos, self.use_dates, self.tabs):
            widget.blockSignals(True)
        for combo in combos:
            combo.setCurrentIndex(0)
        self.use_dates.setChecked(False)
        self.date_from.setEnabled(False)
        self.date_to.setEnabled(False)
        self.select_queue(Queue.ALL)
        for widget in (*combos, self.use_dates, self.tabs):
            widget.blockSignals(False)
        self._grid = None
        self.grid_label.setText(self.tr("网格：%s") % self.tr("全部"))
        self.search.setText(case_no)
        self.apply_filter()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._say_selection(always=True)

    def _say_selection(self, always: bool = False) -> None:
        case_id = self.current_case_id()
        if always or case_id != self._said:
            self._said = case_id
            self.case_selected.emit(case_id)

    def _on_filter_edited(self, *_args: object) -> None:
        self.apply_filter()

    def _on_use_dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.apply_filter()


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
