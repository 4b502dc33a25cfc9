"""周例会: the Thursday review meeting of a week (default: the current one). The level-2 grids'
table (the figures of `commandcenter stats --by grid2`), intake against closed over twelve weeks
and rates by grid (the dashboard's chart code), 光荣榜 and 曝光台; 演示模式 walks it full screen;
the pack is saved as PDF or PPTX on the export lane. The document is read on the read lane."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.periods import Period
from ...reports.review import ReviewDocument, Standing
from ...services.task_runner import SingleFlight, TaskRunner
from ..common.plain_text import plain
from ..common.week_box import WeekBox
from .presenter_window import LoadPhotos, PresenterWindow
from .review_table_model import ReviewTableModel

log = logging.getLogger(__name__)

LoadReview = Callable[[Period], ReviewDocument]
# Prepares the pack of a document at a path on the GUI thread (the charts are widgets) and
# returns the writing itself, run on the export lane; it returns the page or slide count.
SavePack = Callable[[ReviewDocument, Path], Callable[[], int]]


class ReviewView(QWidget):
    document_shown = Signal()
    load_failed = Signal(str)
    saved = Signal(str)
    save_failed = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        load: LoadReview,
        load_photos: LoadPhotos,
        clock: Callable[[], datetime],
        save_pack: SavePack | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("ReviewView")
        self.setWindowTitle(self.tr("周例会"))
        self._runner = runner
        self._load = load
        self._load_photos = load_photos
        self._save_pack = save_pack
        self._reads = SingleFlight(runner, "read")
        self.document: ReviewDocument | None = None
        self.presenter: PresenterWindow | None = None
        self._save_dir = Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            or Path.home()
        )

        self.week = WeekBox(clock().date(), self)
        self.week.setObjectName("review_week")
        self.week.currentIndexChanged.connect(self.reload)
        self.present_button = QPushButton(self.tr("演示模式 (F5)"), self)
        self.present_button.clicked.connect(self.present)
        self.pdf_button = QPushButton(self.tr("导出 PDF…"), self)
        self.pdf_button.clicked.connect(lambda: self.save_as("pdf"))
        self.pptx_button = QPushButton(self.tr("导出 PPT…"), self)
        self.pptx_button.clicked.connect(lambda: self.save_as("pptx"))
        for button in (self.pdf_button, self.pptx_button):
            button.setVisible(save_pack is not None)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.present)

        self.title = plain(QLabel(self))
        self.title.setObjectName("review_title")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.status = plain(QLabel(self))

        self.model = ReviewTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("review_table")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

        # pyqtgraph is imported when the review is first opened, not when the app starts
        from ...render.charts import IntakeClosedChart, RatesByGridChart, chart_widget

        self.trend_widget, trend_plot = chart_widget(self)
        self.trend_chart = IntakeClosedChart(trend_plot, self.tr("近12周新增与结案"))
        self.rates_widget, rates_plot = chart_widget(self)
        self.rates_chart = RatesByGridChart(
            rates_plot, [self.tr("结案率"), self.tr("按期结案率")], self.tr("各网格结案率")
        )
        for widget in (self.trend_widget, self.rates_widget):
            widget.setMinimumHeight(260)

        self.honour = QListWidget(self)
        self.honour.setObjectName("review_honour")
        self.exposure = QListWidget(self)
        self.exposure.setObjectName("review_exposure")
        self._layout()

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("周次："), self))
        bar.addWidget(self.week)
        bar.addStretch(1)
        for button in (self.present_button, self.pdf_button, self.pptx_button):
            bar.addWidget(button)
        boards = QHBoxLayout()
        for caption, widget in (
            (self.tr("光荣榜"), self.honour),
            (self.tr("曝光台"), self.exposure),
        ):
            box = QGroupBox(caption, self)
            inner = QVBoxLayout(box)
            inner.addWidget(widget)
            boards.addWidget(box)
        charts = QHBoxLayout()
        charts.addWidget(self.trend_widget, 1)
        charts.addWidget(self.rates_widget, 1)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(charts, 3)
        lower_layout.addLayout(boards, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.title)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

    # -- reading -----------------------------------------------------------------------
    @property
    def period(self) -> Period:
        period = self.week.period()
        assert period is not None  # the box always offers weeks
        return period

    def select_week(self, label: str) -> None:
        """Shows the week `label` (2026-W47), one of the weeks offered."""
        if not self.week.choose(label):
            raise ValueError(f"week {label} is not offered")

    def reload(self) -> None:
        period = self.period
        self.status.setText(self.tr("正在统计…"))

        def prepare() -> tuple[Callable[[], ReviewDocument], Callable[[ReviewDocument], None]]:
            return (lambda: self._load(period)), self._show

        self._reads.request(prepare, self._on_load_failed)

    def _show(self, document: ReviewDocument) -> None:
        if document.period != self.period:
            return  # another week was picked meanwhile; its read follows
        self.document = document
        self.title.setText(f"{document.title}  {document.subtitle}")
        self.model.set_document(document)
        self.trend_chart.set_data(
            document.trend.labels, document.trend.intake, document.trend.closed
        )
        self.rates_chart.set_data([g.name for g in document.grids], document.rates)
        _fill(self.honour, document.honour)
        _fill(self.exposure, document.exposure)
        self.status.setText(
            self.tr("统计至 %1 · 通报案件 %2 件")
            .replace("%1", document.asof.strftime("%Y-%m-%d %H:%M"))
            .replace("%2", str(len(document.slides)))
        )
        self.document_shown.emit()

    def _on_load_failed(self, error: BaseException) -> None:
        log.error("the review could not be read: %s", error)
        text = self.tr("统计失败：%1").replace("%1", str(error))
        self.status.setText(text)
        self.load_failed.emit(text)

    # -- presenting and saving ---------------------------------------------------------
    def present(self) -> PresenterWindow | None:
        """演示模式 of the week shown, full screen; Esc comes back here."""
        if self.document is None:
            return None
        if self.presenter is not None:
            self.presenter.close()
        self.presenter = PresenterWindow(self.document, self._runner, self._load_photos, self)
        self.presenter.closed.connect(self._on_presenter_closed)
        self.presenter.showFullScreen()
        self.presenter.activateWindow()
        self.presenter.setFocus()
        return self.presenter

    def _on_presenter_closed(self) -> None:
        self.activateWindow()
        self.table.setFocus()

    def save_as(self, kind: str, path: Path | None = None) -> None:
        """Writes the pack (pdf or pptx) on the export lane; asks where unless `path`."""
        document, save = self.document, self._save_pack
        if document is None or save is None:
            return
        if path is None:
            suggested = self._save_dir / f"{document.title}{document.period.label}.{kind}"
            pattern = self.tr("PDF 文件 (*.pdf)") if kind == "pdf" else self.tr("PPT 文件 (*.pptx)")
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("导出会议材料"), str(suggested), pattern
            )
            if not chosen:
                return
            path = Path(chosen)
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(path.name + f".{kind}")
        self._save_dir = path.parent
        self.status.setText(self.tr("正在导出…"))
        try:
            write = save(document, path)
        except Exception as error:  # the charts could not be drawn: said, nothing written
            self._on_save_failed(error)
            return
        target = str(path)
        self._runner.run(
            "export", write, lambda _count: self._on_saved(target), self._on_save_failed
        )

    def _on_saved(self, path: str) -> None:
        self.status.setText(self.tr("已导出：%1").replace("%1", path))
        self.saved.emit(path)

    def _on_save_failed(self, error: BaseException) -> None:
        text = self.tr("导出失败：%1").replace("%1", str(error))
        self.status.setText(text)
        self.save_failed.emit(text)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.presenter is not None:
            self.presenter.close()
        super().closeEvent(event)


def _fill(widget: QListWidget, lines: tuple[Standing, ...]) -> None:
    widget.clear()
    for i, line in enumerate(lines, 1):
        widget.addItem(f"{i}. {line.grid}（{line.leader}）  {line.text}")
