"""The status bar's sync part: online / offline / syncing, the last sync, the changes waiting to
be pushed, the conflicts (a button that opens their list) and, when the keyring cannot keep the
token, that it is kept for this session only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from ...services.sync_service import SyncState, SyncStatus
from ..common.plain_text import plain, tooltip

_COLOURS = {
    SyncState.ONLINE: "#2e7d32",
    SyncState.SYNCING: "#1565c0",
    SyncState.OFFLINE: "#ef6c00",
    SyncState.OFFLINE_SIGN_IN: "#ef6c00",
    SyncState.BUSY: "#ef6c00",
    SyncState.SIGN_IN_REQUIRED: "#c62828",
    SyncState.ERROR: "#c62828",
    SyncState.SIGNED_OUT: "#616161",
}


class SyncStatusWidget(QWidget):
    conflicts_requested = Signal()
    sign_in_requested = Signal()

    def __init__(self, clock: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_status")
        self._clock = clock
        self.state_label = QLabel(self)
        self.state_label.setObjectName("sync_state")
        self.detail_label = plain(QLabel(self))
        self.detail_label.setObjectName("sync_detail")
        self.conflicts_button = QToolButton(self)
        self.conflicts_button.setObjectName("sync_conflicts")
        self.conflicts_button.setAutoRaise(True)
        self.conflicts_button.setStyleSheet("color: #c62828; font-weight: bold;")
        self.conflicts_button.clicked.connect(self.conflicts_requested)
        self.conflicts_button.hide()
        self.sign_in_button = QToolButton(self)
        self.sign_in_button.setObjectName("sync_sign_in")
        self.sign_in_button.setAutoRaise(True)
        self.sign_in_button.setText(self.tr("重新登录…"))
        self.sign_in_button.clicked.connect(self.sign_in_requested)
        self.sign_in_button.hide()
        self.token_label = QLabel(self)
        self.token_label.setObjectName("sync_token")
        self.token_label.setStyleSheet("color: #ef6c00;")
        self.token_label.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for widget in (
            self.state_label,
            self.detail_label,
            self.conflicts_button,
            self.sign_in_button,
            self.token_label,
        ):
            layout.addWidget(widget)
        self.status = SyncStatus(SyncState.SIGNED_OUT)
        self.set_status(self.status)

    def state_text(self, state: SyncState) -> str:
        return {
            SyncState.SIGNED_OUT: self.tr("未登录平台"),
            SyncState.SYNCING: self.tr("正在同步…"),
            SyncState.ONLINE: self.tr("在线"),
            SyncState.OFFLINE: self.tr("离线"),
            SyncState.BUSY: self.tr("平台繁忙"),
            SyncState.SIGN_IN_REQUIRED: self.tr("需要重新登录"),
            SyncState.OFFLINE_SIGN_IN: self.tr("离线登录"),
            SyncState.ERROR: self.tr("同步出错"),
        }[state]

    def set_status(self, status: SyncStatus) -> None:
        self.status = status
        colour = _COLOURS[status.state]
        self.state_label.setText(
            f"<span style='color:{colour}'>●</span> {self.state_text(status.state)}"
        )
        parts = []
        if status.last_sync is not None:
            parts.append(self.tr("上次同步 %s") % self._when(status.last_sync))
        parts.append(self.tr("待上传 %d") % status.pending)
        if status.state not in (SyncState.ONLINE, SyncState.SYNCING) and status.next_in_s:
            parts.append(self.tr("%d 秒后重试") % max(1, round(status.next_in_s)))
        self.detail_label.setText(" · ".join(parts))
        self.conflicts_button.setVisible(status.refused > 0)
        self.conflicts_button.setText(self.tr("冲突 %d") % status.refused)
        self.conflicts_button.setToolTip(self.tr("平台未接受的操作：逐条重新提交或放弃"))
        self.sign_in_button.setVisible(status.state is SyncState.SIGN_IN_REQUIRED)
        memory_only = bool(status.token_note)
        self.token_label.setVisible(memory_only)
        self.token_label.setText(self.tr("⚠ 凭据仅保存在本次会话"))
        tip = [self.tr("区级平台账号：%s") % status.username if status.username else ""]
        if status.message:
            tip.append(status.message)
        if memory_only:
            tip.append(status.token_note)
        self.setToolTip(tooltip("\n".join(t for t in tip if t)))
        self.token_label.setToolTip(tooltip(status.token_note))

    def _when(self, at: datetime) -> str:
        now = self._clock()
        return at.strftime("%H:%M:%S") if at.date() == now.date() else at.strftime("%m-%d %H:%M")
