"""The photos attached to a handling report: chosen files as thumbnails, each checked the way the
action service will read it, so a file that is not a usable image is refused at once with its
name rather than after the dialog closed."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...features.case_action import MAX_PHOTO_BYTES, PhotoError, read_photo

_PATH = Qt.ItemDataRole.UserRole
_THUMB = QSize(96, 72)


class PhotoPicker(QWidget):
    photos_refused = Signal(str)  # the problems, one line per refused file

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setObjectName("photos")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(_THUMB)
        self.list.setGridSize(QSize(_THUMB.width() + 24, _THUMB.height() + 36))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setFixedHeight(_THUMB.height() + 48)
        self.add_button = QPushButton(self.tr("添加照片…"), self)
        self.add_button.setObjectName("add_photos")
        self.remove_button = QPushButton(self.tr("移除"), self)
        self.remove_button.setObjectName("remove_photo")
        self.remove_button.setEnabled(False)
        self.file_dialog: QFileDialog | None = None

        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.list.itemSelectionChanged.connect(self._on_list_selection_changed)

    def paths(self) -> tuple[Path, ...]:
        return tuple(Path(self.list.item(i).data(_PATH)) for i in range(self.list.count()))

    def add_photos(self, paths: Iterable[Path | str]) -> list[str]:
        """Add the usable photos among `paths`; returns a problem per refused file (and signals
        them all at once). A file already in the list is not added twice."""
        problems = []
        have = set(self.paths())
        for raw in paths:
            path = Path(raw)
            if path in have:
                continue
            image, problem = self._load(path)
            if image is None:
                problems.append(problem)
                continue
            thumb = QPixmap.fromImage(
                image.scaled(
                    _THUMB,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            item = QListWidgetItem(QIcon(thumb), path.name, self.list)
            item.setData(_PATH, str(path))
            item.setToolTip(str(path))
            have.add(path)
        if problems:
            self.photos_refused.emit("\n".join(problems))
        return problems

    def _load(self, path: Path) -> tuple[QImage | None, str]:
        try:
            data, _mime = read_photo(path)
        except PhotoError as error:
            return None, self._problem(error)
        image = QImage()
        if not image.loadFromData(data):
            return None, self.tr("%1 不是有效的图片文件").replace("%1", path.name)
        return image, ""

    def _problem(self, error: PhotoError) -> str:
        name = error.path.name
        if error.reason == PhotoError.NOT_AN_IMAGE:
            return self.tr("%1 不是图片文件").replace("%1", name)
        if error.reason == PhotoError.TOO_LARGE:
            limit = str(MAX_PHOTO_BYTES // (1024 * 1024))
            return self.tr("%1 超过 %2 MB").replace("%1", name).replace("%2", limit)
        return self.tr("无法读取 %1").replace("%1", name)

    def _on_add_clicked(self) -> None:
        if self.file_dialog is None:
            dialog = QFileDialog(self, self.tr("添加照片"))
            dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
            dialog.setNameFilter(self.tr("图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp)"))
            if QGuiApplication.platformName() == "offscreen":
                # A native dialog cannot be driven (or even shown) without a window system.
                dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
            dialog.filesSelected.connect(self.add_photos)
            self.file_dialog = dialog
        self.file_dialog.open()

    def _on_remove_clicked(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))

    def _on_list_selection_changed(self) -> None:
        self.remove_button.setEnabled(bool(self.list.selectedItems()))
