"""The case panel: the selected case's fields, its photos (thumbnails; double-click for full
size), its events, and a toolbar with exactly the actions the signed-in person may take now.
The actions are the main window's QActions, so buttons and shortcuts enable together."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFormLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ...domain.projection import Projection
from ...domain.supervision import Light, light
from ...store.case_detail import CaseDetail
from ..common.i18n import QT_TRANSLATE_NOOP, tr_label
from ..common.plain_text import plain
from .case_event_table_model import CaseEventTableModel

THUMB = 96
SHA_ROLE = Qt.ItemDataRole.UserRole + 1
_LIGHT_NAMES = {
    Light.GREEN: QT_TRANSLATE_NOOP("CasePanelDock", "绿灯"),
    Light.YELLOW: QT_TRANSLATE_NOOP("CasePanelDock", "黄灯"),
    Light.RED: QT_TRANSLATE_NOOP("CasePanelDock", "红灯（超期）"),
    Light.NONE: "",
}
_REQUESTS = {
    "extension": QT_TRANSLATE_NOOP("CasePanelDock", "延期"),
    "shelve": QT_TRANSLATE_NOOP("CasePanelDock", "挂账"),
}
_FIELDS = (
    ("state", QT_TRANSLATE_NOOP("CasePanelDock", "状态")),
    ("category", QT_TRANSLATE_NOOP("CasePanelDock", "类别")),
    ("grid", QT_TRANSLATE_NOOP("CasePanelDock", "网格")),
    ("source", QT_TRANSLATE_NOOP("CasePanelDock", "来源")),
    ("priority", QT_TRANSLATE_NOOP("CasePanelDock", "优先级")),
    ("address", QT_TRANSLATE_NOOP("CasePanelDock", "地址")),
    ("reported", QT_TRANSLATE_NOOP("CasePanelDock", "上报")),
    ("handler", QT_TRANSLATE_NOOP("CasePanelDock", "处置")),
    ("deadline", QT_TRANSLATE_NOOP("CasePanelDock", "时限")),
    ("counters", QT_TRANSLATE_NOOP("CasePanelDock", "督办/返工")),
    ("description", QT_TRANSLATE_NOOP("CasePanelDock", "描述")),
)


def _time(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


class PhotoViewerDialog(QDialog):
    def __init__(self, image: QImage, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        label = QLabel(self)
        label.setObjectName("photo")
        label.setPixmap(QPixmap.fromImage(image))
        scroll = QScrollArea(self)
        scroll.setWidget(label)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        self.resize(min(image.width() + 40, 1200), min(image.height() + 40, 900))


class CasePanelDock(QDockWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("案件"), parent)
        self.setObjectName("CasePanelDock")
        self.case: CaseDetail | None = None
        self._images: dict[str, QImage] = {}
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.title = plain(QLabel(self.tr("未选择案件"), body))
        self.title.setObjectName("case_title")
        self.title.setWordWrap(True)  # a long state in English wraps, not widens the window
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.toolbar = QToolBar(body)
        self.toolbar.setObjectName("case_actions")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLabel] = {}
        for key, label in _FIELDS:
            value = plain(QLabel("", body))
            value.setObjectName(f"field_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(self.tr(label), value)
            self.fields[key] = value
        self.photos = QListWidget(body)
        self.photos.setObjectName("photos")
        self.photos.setViewMode(QListWidget.ViewMode.IconMode)
        self.photos.setIconSize(QSize(THUMB, THUMB))
        self.photos.setFixedHeight(THUMB + 36)
        self.photos.setFlow(QListWidget.Flow.LeftToRight)
        self.photos.setWrapping(False)
        self.photos.itemDoubleClicked.connect(self._on_photos_double_clicked)
        self.events = CaseEventTableModel(self)
        self.event_view = QTableView(body)
        self.event_view.setObjectName("events")
        self.event_view.setModel(self.events)
        self.event_view.verticalHeader().hide()
        self.event_view.setWordWrap(False)
        header = self.event_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.title)
        layout.addWidget(self.toolbar)
        layout.addLayout(form)
        layout.addWidget(self.photos)
        layout.addWidget(self.event_view, 1)
        self.photos.hide()
        self.setWidget(body)

    @property
    def images(self) -> dict[str, QImage]:
        """The shown case's photos, decoded (sha256 → image)."""
        return dict(self._images)

    def set_actions(self, actions: Iterable[QAction]) -> None:
        self.toolbar.clear()
        for action in actions:
            self.toolbar.addAction(action)

    def show_case(
        self, case: CaseDetail | None, images: Mapping[str, QImage], now: datetime
    ) -> None:
        self.case = case
        self._images = dict(images)
        if case is None:
            self.title.setText(self.tr("未选择案件"))
            for value in self.fields.values():
                value.setText("")
            self.events.set_events(())
            self.photos.clear()
            self.photos.hide()
            return
        p = case.projection
        self.title.setText(f"{case.case_no}  {tr_label(p.state)}")
        lamp = self.tr(_LIGHT_NAMES[light(now, p.yellow_at, p.due_at)])
        handler = case.handler_person_name or "、".join(case.handler_department_names)
        texts = {
            "state": tr_label(p.state) + self._pending_text(p.pending_request),
            "category": case.category_name,
            "grid": f"{case.grid_name}（{case.grid_code}）",
            "source": tr_label(case.source),
            "priority": tr_label(case.priority),
            "address": case.address,
            "reported": f"{_time(case.reported_at)}  {case.reporter_name or ''}",
            "handler": handler or "—",
            "deadline": f"{_time(p.due_at)}  {lamp}" if p.due_at else "—",
            "counters": self._counters_text(p),
            "description": case.description,
        }
        for key, text in texts.items():
            self.fields[key].setText(text)
        self.events.set_events(case.events)
        self.photos.clear()
        for sha, image in self._images.items():
            thumb = image.scaled(
                THUMB,
                THUMB,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            item = QListWidgetItem(QIcon(QPixmap.fromImage(thumb)), "")
            item.setData(SHA_ROLE, sha)
            item.setToolTip(self.tr("双击查看原图"))
            self.photos.addItem(item)
        self.photos.setVisible(bool(self._images))

    def _pending_text(self, request: str | None) -> str:
        if not request:
            return ""
        name = self.tr(_REQUESTS[request]) if request in _REQUESTS else request
        return self.tr("（待审批：%1）").replace("%1", name)

    def _counters_text(self, p: Projection) -> str:
        supervised = self.tr("已督办") if p.supervised else self.tr("未督办")
        return (
            self.tr("%1 · %2级 · 返工 %3 次 · 延期 %4 次")
            .replace("%1", supervised)
            .replace("%2", tr_label(p.escalation_level))
            .replace("%3", str(p.rework_count))
            .replace("%4", str(p.extension_count))
        )

    def open_photo(self, row: int) -> PhotoViewerDialog:
        sha = self.photos.item(row).data(SHA_ROLE)
        title = f"{self.case.case_no if self.case else ''} — {self.tr('照片')}"
        dialog = PhotoViewerDialog(self._images[sha], title, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _on_photos_double_clicked(self, item: QListWidgetItem) -> None:
        self.open_photo(self.photos.row(item))
