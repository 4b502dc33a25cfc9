"""督查通报: the inspection office's weekly notice of a week the duty officer chooses (the week
before this one by default: a notice reports a week that has ended), written as a PDF on the
export lane, the same paper `commandcenter notice` writes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...features.notice import NoticeResult
from ...services.task_runner import TaskRunner
from ..common.plain_text import plain
from ..common.week_box import WeekBox

# Writes the notice of an ISO week (2026-W47) to a path; called on the export lane.
SaveNotice = Callable[[str, Path], NoticeResult]


class NoticeDialog(QDialog):
    saved = Signal(str)  # the path written
    save_failed = Signal(str)  # why, as shown

    def __init__(
        self,
        runner: TaskRunner,
        save: SaveNotice,
        clock: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("notice_dialog")
        self.setWindowTitle(self.tr("督查通报"))
        self._runner = runner
        self._save = save
        self._save_dir = Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            or Path.home()
        )
        self.week = WeekBox(clock().date(), self)
        self.week.setObjectName("notice_week")
        self.week.setCurrentIndex(min(1, self.week.count() - 1))
        intro = plain(
            QLabel(
                self.tr(
                    "按所选周次生成督查通报（PDF）：总体情况、超期案件、返工案件、"
                    "各二级网格排名和工作要求。"
                ),
                self,
            )
        )
        intro.setWordWrap(True)
        self.status = plain(QLabel(self))
        self.status.setObjectName("notice_status")
        self.status.setWordWrap(True)
        self.export_button = QPushButton(self.tr("导出 PDF…"), self)
        self.export_button.setObjectName("notice_export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(lambda: self.export())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("周次"), self.week)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def export(self, path: Path | None = None) -> None:
        """Writes the chosen week's notice on the export lane; asks where unless `path`."""
        period = self.week.period()
        if period is None:
            return
        if path is None:
            suggested = self._save_dir / f"{self.tr('督查通报')}{period.label}.pdf"
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("导出督查通报"), str(suggested), self.tr("PDF 文件 (*.pdf)")
            )
            if not chosen:
                return
            path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self._save_dir = path.parent
        self.status.setText(self.tr("正在生成…"))
        self.export_button.setEnabled(False)
        save, week, target = self._save, period.label, path
        self._runner.run("export", lambda: save(week, target), self._on_saved, self._on_failed)

    def _on_saved(self, result: NoticeResult) -> None:
        self.export_button.setEnabled(True)
        self.status.setText(
            self.tr("已导出：%1（%2 页）")
            .replace("%1", str(result.out))
            .replace("%2", str(result.pages))
        )
        self.saved.emit(str(result.out))

    def _on_failed(self, error: BaseException) -> None:
        self.export_button.setEnabled(True)
        text = self.tr("导出失败：%1").replace("%1", str(error))
        self.status.setText(text)
        self.save_failed.emit(text)
