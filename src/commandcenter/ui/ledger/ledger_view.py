"""整改台账: the rectification ledger of a grid's subtree, a period, a category and a state, read
on the read lane and shown as the paper's rows; previewed and printed A4 landscape as the PDF is
drawn (render/ledger.py), saved as PDF or Excel on the export lane. The filters ask again after
a pause (a burst of edits is one query); 查询 asks at once."""

from __future__ import annotations

import errno
import logging
import os
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import CaseState
from ...domain.errors import DomainError
from ...render.ledger import page_layout, paint_on, write_pdf
from ...reports.ledger import LedgerDocument
from ...reports.ledger_xlsx import write_xlsx
from ...services.task_runner import SingleFlight, TaskRunner
from ...store.directory import Directory
from ...store.ledger import LedgerQuery
from ..common.plain_text import plain
from .ledger_filter_bar import LedgerFilterBar
from .ledger_import_dialog import LedgerImportDialog
from .ledger_table_model import LedgerTableModel

if TYPE_CHECKING:
    from ...features.ledger_import import LedgerImporter

log = logging.getLogger(__name__)

FILTER_PAUSE_MS = 250
_SHORT_COLUMN_PX = 150  # wider than this in the first rows: a text column
_MIN_TEXT_PX, _MAX_TEXT_PX = 110, 420
_MIN_PX_PER_WEIGHT = 10  # the paper's weights: the description's 21 is at least 210 px
_MEASURED_ROWS = 200  # column widths are fitted to the first rows, not to thousands
_UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')

LoadLedger = Callable[[LedgerQuery], LedgerDocument]


def file_stem(title: str) -> str:
    """A file name from the document's title, safe on Windows and Linux."""
    return _UNSAFE_IN_NAMES.sub("_", title).strip(" .") or "ledger"


class LedgerView(QWidget):
    document_shown = Signal()  # the rows of a query are on screen
    load_failed = Signal(str)
    saved = Signal(str)  # the path written
    printed = Signal(int)  # the pages sent to the printer
    save_failed = Signal(str)  # what went wrong (saving or printing), in words

    def __init__(
        self,
        runner: TaskRunner,
        load: LoadLedger,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("LedgerView")
        self.setWindowTitle(self.tr("整改台账"))
        self._runner = runner
        self._load = load
        self._reads = SingleFlight(runner, "read")
        self.document: LedgerDocument | None = None
        self.shown_query: LedgerQuery | None = None
        self._save_dir = Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            or Path.home()
        )
        self._preview: tuple[QPrintPreviewDialog, QPrinter] | None = None
        self._message: QMessageBox | None = None

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(FILTER_PAUSE_MS)
        self._pause.timeout.connect(self.reload)

        self.filters = LedgerFilterBar(clock().date(), self)
        self.filters.edited.connect(self._pause.start)
        self.filters.query_requested.connect(self.reload)

        self.title = plain(QLabel(self))
        self.title.setObjectName("ledger_title")
        title_font = QFont(self.title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.model = LedgerTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("ledger_table")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self._columns_fitted = False

        self.count = QLabel(self)
        self.count.setObjectName("ledger_count")
        # Never squeezed by the buttons beside it: room for the largest count a street shows.
        self.count.setMinimumWidth(
            QFontMetrics(self.count.font()).horizontalAdvance(
                self.tr("共 %1 条").replace("%1", "999,999")
            )
            + 8
        )
        self.status = QLabel(self)
        self.status.setObjectName("ledger_status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_button = self._button("ledger_preview", self.tr("打印预览…"))
        self.preview_button.clicked.connect(self.open_print_preview)
        self.print_button = self._button("ledger_print", self.tr("打印…"))
        self.print_button.clicked.connect(self.open_print_dialog)
        self.pdf_button = self._button("ledger_save_pdf", self.tr("另存为 PDF…"))
        self.pdf_button.clicked.connect(self.save_pdf)
        self.xlsx_button = self._button("ledger_save_xlsx", self.tr("另存为 Excel…"))
        self.xlsx_button.clicked.connect(self.save_xlsx)
        # What is done with the ledger, left to right; more buttons are appended at its end.
        self.button_row = QHBoxLayout()
        self.button_row.addWidget(self.count)
        self.button_row.addSpacing(16)
        self.button_row.addWidget(self.status, 1)
        for button in (self.preview_button, self.print_button, self.pdf_button, self.xlsx_button):
            self.button_row.addWidget(button)
        self.import_button = self._button("ledger_import", self.tr("从 Excel 导入…"))
        self.import_button.clicked.connect(self.open_import)
        self.import_button.hide()  # until enable_import: a read-only window imports nothing
        self.button_row.addSpacing(16)
        self.button_row.addWidget(self.import_button)
        self._importer: LedgerImporter | None = None
        self.import_dialog: LedgerImportDialog | None = None

        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.button_row)
        self.resize(1600, 900)

    def _button(self, name: str, text: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setEnabled(False)  # until there is a document
        return button

    # -- the filters -----------------------------------------------------------------------
    def set_directory(self, directory: Directory | None) -> None:
        self.filters.set_directory(directory)

    def query(self) -> LedgerQuery:
        return self.filters.query()

    def set_grid(self, code: str | None) -> bool:
        return self.filters.set_grid(code)

    def set_states(self, states: Iterable[CaseState]) -> bool:
        return self.filters.set_states(states)

    def set_period(self, start: date | None, end: date | None = None) -> None:
        self.filters.set_period(start, end)

    def is_current(self) -> bool:
        """The rows shown are the filters' (nothing asked or being read)."""
        return (
            self.shown_query == self.query() and not self._pause.isActive() and not self._reads.busy
        )

    # -- reading ---------------------------------------------------------------------------
    # -- import ----------------------------------------------------------------------------
    def enable_import(self, importer: LedgerImporter) -> None:
        self._importer = importer
        self.import_button.show()
        self.import_button.setEnabled(True)

    def open_import(self) -> LedgerImportDialog | None:
        """从 Excel 导入: the preview dialog; the ledger is read again when cases were added."""
        if self._importer is None:
            return None
        if self.import_dialog is None:
            self.import_dialog = LedgerImportDialog(
                self._runner, self._importer.check, self._importer.commit, self
            )
            self.import_dialog.imported.connect(lambda _numbers: self.reload())
        self.import_dialog.show()
        self.import_dialog.raise_()
        return self.import_dialog

    def reload(self) -> None:
        """Read the ledger of the filters again (on the read lane)."""
        self._pause.stop()
        self.status.setStyleSheet("")
        self.status.setText(self.tr("正在查询…"))

        def prepare() -> tuple[Callable[[], LedgerDocument], Callable[[LedgerDocument], None]]:
            query, load = self.query(), self._load
            return lambda: load(query), lambda document: self._show(query, document)

        self._reads.request(prepare, self._on_load_failed)

    def _show(self, query: LedgerQuery, document: LedgerDocument) -> None:
        self.document, self.shown_query = document, query
        self.model.set_document(document)
        self.title.setText(document.title)
        self.count.setText(self.tr("共 %1 条").replace("%1", f"{len(document.rows):,}"))
        self.status.setText("")
        for button in (self.preview_button, self.print_button, self.pdf_button, self.xlsx_button):
            button.setEnabled(True)
        if document.rows and not self._columns_fitted:
            self._fit_columns(document)
        self.document_shown.emit()

    def _on_load_failed(self, error: BaseException) -> None:
        log.warning("the ledger could not be read: %s", error)
        self.document, self.shown_query = None, None
        self.model.set_document(None)
        self._columns_fitted = False
        self.title.setText("")
        self.count.setText("")
        for button in (self.preview_button, self.print_button, self.pdf_button, self.xlsx_button):
            button.setEnabled(False)
        text = self.tr("查询失败：%1").replace("%1", self._error_text(error))
        self._show_problem(text)
        self.load_failed.emit(text)

    def _fit_columns(self, document: LedgerDocument) -> None:
        """Short columns (numbers, names, times) as wide as their header and first rows; the
        texts (description, measures…) share what is left of the view by the paper's weights,
        within bounds. The user may resize them after (a new query keeps his widths)."""
        header = self.table.horizontalHeader()
        metrics = QFontMetrics(self.table.font())
        head_metrics = QFontMetrics(header.font())
        rows = document.rows[:_MEASURED_ROWS]
        natural = []
        for column in range(len(document.columns)):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            widest = max((metrics.horizontalAdvance(r.text(column)) for r in rows), default=0)
            natural.append(max(head_metrics.horizontalAdvance(title) + 20, widest + 14))
        texts = {c for c, width in enumerate(natural) if width > _SHORT_COLUMN_PX}
        room = self.table.viewport().width() - self.table.verticalScrollBar().sizeHint().width()
        widths = _shares(
            room - sum(w for c, w in enumerate(natural) if c not in texts),
            {c: document.columns[c].weight for c in texts},
            {c: natural[c] for c in texts},
        )
        for column, width in enumerate(natural):
            header.resizeSection(column, widths.get(column, width))
        self._columns_fitted = True

    # -- printing --------------------------------------------------------------------------
    def _printer(self, document: LedgerDocument) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(page_layout(document.page))
        printer.setDocName(document.title)
        return printer

    def open_print_preview(self) -> QPrintPreviewDialog | None:
        """The pages as they will print (A4 landscape), drawn by the PDF's painter."""
        document = self.document
        if document is None:
            return None
        printer = self._printer(document)
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setObjectName("ledger_print_preview")
        dialog.setWindowTitle(self.tr("打印预览 — %1").replace("%1", document.title))
        dialog.paintRequested.connect(lambda device: self._paint(document, device))
        dialog.finished.connect(self._on_preview_finished)
        self._preview = (dialog, printer)  # the printer must outlive the dialog
        dialog.resize(1200, 860)
        dialog.open()
        return dialog

    def _on_preview_finished(self, _result: int) -> None:
        if self._preview is not None:
            self._preview[0].deleteLater()
            self._preview = None

    def _paint(self, document: LedgerDocument, device: QPrinter) -> None:
        # The preview asks on the GUI thread and draws what was painted when this returns.
        try:
            paint_on(document, device)
        except (OSError, RuntimeError) as error:
            self._show_problem(self.tr("打印失败：%1").replace("%1", self._error_text(error)))

    def open_print_dialog(self) -> QPrintDialog | None:
        """Choose a printer; the pages are painted on the export lane."""
        document = self.document
        if document is None:
            return None
        printer = self._printer(document)
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("ledger_print_dialog")
        dialog.accepted.connect(lambda: self.print_to(printer, document))
        dialog.finished.connect(dialog.deleteLater)
        QDialog.open(dialog)  # PySide6 offers only QPrintDialog's open(receiver, member)
        return dialog

    def print_to(self, printer: QPrinter, document: LedgerDocument) -> None:
        def done(pages: int) -> None:
            self.status.setText(self.tr("已送打印：%1 页").replace("%1", str(pages)))
            self.printed.emit(pages)

        self._work(lambda: paint_on(document, printer), done, self.tr("打印失败：%1"), None)

    # -- saving ----------------------------------------------------------------------------
    def save_pdf(self) -> None:
        self._save(".pdf", self.tr("另存为 PDF"), self.tr("PDF 文件 (*.pdf)"), write_pdf)

    def save_xlsx(self) -> None:
        self._save(".xlsx", self.tr("另存为 Excel"), self.tr("Excel 工作簿 (*.xlsx)"), write_xlsx)

    def _save(
        self,
        suffix: str,
        caption: str,
        file_filter: str,
        write: Callable[[LedgerDocument, Path], object],
    ) -> None:
        document = self.document
        if document is None:
            return
        suggested = self._save_dir / (file_stem(document.title) + suffix)
        chosen, _filter = QFileDialog.getSaveFileName(self, caption, str(suggested), file_filter)
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        self._save_dir = path.parent

        def done(_result: object) -> None:
            self.status.setText(self.tr("已保存：%1").replace("%1", str(path)))
            self.saved.emit(str(path))

        def work() -> object:
            # Asked before Qt's writers are, which would only warn and paint nowhere.
            if not path.parent.is_dir():
                raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path.parent))
            if not os.access(path.parent, os.W_OK):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path.parent))
            return write(document, path)

        self._work(work, done, self.tr("保存失败：%1"), path)

    def _work(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed_text: str,
        path: Path | None,
    ) -> None:
        """A file written (`path`) or a printer fed (None) on the export lane; a failure is
        said in the status line and in a message box."""
        self.status.setStyleSheet("")
        self.status.setText(self.tr("正在输出…"))

        def failed(error: BaseException) -> None:
            log.warning("the ledger could not be written to %s: %s", path or "the printer", error)
            text = failed_text.replace("%1", self._error_text(error))
            self._show_problem(text)
            self.save_failed.emit(text)
            message = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("整改台账"),
                text,
                QMessageBox.StandardButton.Ok,
                self,
            )
            message.setObjectName("ledger_problem")
            message.finished.connect(message.deleteLater)
            self._message = message
            message.open()

        self._runner.run("export", work, done, failed)

    def _show_problem(self, text: str) -> None:
        self.status.setStyleSheet("color: #c62828;")
        self.status.setText(text)

    def _error_text(self, error: BaseException) -> str:
        if getattr(error, "code", None) == "not_found":
            return self.tr("所选网格或类别已不存在，请重新选择（%1）").replace("%1", str(error))
        if isinstance(error, DomainError):
            return error.message
        if isinstance(error, FileNotFoundError):
            return self.tr("文件夹不存在（%1）").replace("%1", error.filename or str(error))
        if isinstance(error, PermissionError):
            return self.tr("没有写入权限（%1）").replace("%1", error.filename or str(error))
        if isinstance(error, OSError):
            return self.tr("文件无法写入（%1）").replace("%1", str(error))
        return str(error)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._pause.stop()
        super().closeEvent(event)


def _shares(room: int, weights: dict[int, float], wanted: dict[int, int]) -> dict[int, int]:
    """`room` shared by weight, each share at most its wanted width (and _MAX_TEXT_PX) and at
    least a floor by its weight (a narrow window scrolls rather than squeeze the description);
    what a bounded column does not take goes to the others."""
    out: dict[int, int] = {}
    while True:
        rest = {c: w for c, w in weights.items() if c not in out}
        if not rest:
            return out
        total = sum(rest.values())
        left = room - sum(out.values())
        bounded = {}
        for c, w in rest.items():
            high = min(wanted[c], _MAX_TEXT_PX)
            low = min(high, max(_MIN_TEXT_PX, int(w * _MIN_PX_PER_WEIGHT)))
            share = left * w / total
            if share < low or share > high:
                bounded[c] = max(low, min(int(share), high))
        if not bounded:
            return out | {c: int(left * w / total) for c, w in rest.items()}
        out |= bounded
