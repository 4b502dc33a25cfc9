"""How an alert reaches the duty officer: a tray notification where the desktop has a tray, a
sound where there is an audio device, and an entry in the status bar's 提醒 list (always). A
machine without a tray or without audio simply goes without; nothing fails."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QStyle, QSystemTrayIcon, QToolButton, QWidget

from ... import paths
from ...services.alert_service import Alert

log = logging.getLogger(__name__)
SHOWN_MS = 8_000


def alert_title(alert: Alert) -> str:
    if alert.kind == Alert.URGENT:
        return QApplication.translate("Alerts", "紧急案件：%1").replace("%1", alert.case.case_no)
    return QApplication.translate("Alerts", "案件超期：%1").replace("%1", alert.case.case_no)


def alert_text(alert: Alert) -> str:
    case = alert.case
    return f"{case.grid_name} · {case.category_name}\n{case.description[:60]}"


class AlertNotifier(QObject):
    """Tray and sound, each only where the machine has one."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            icon = parent.windowIcon()
            if icon.isNull():
                icon = parent.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip(QApplication.applicationDisplayName())
            self.tray.show()
        self.sound: Any = _sound_effect(self)

    def notify(self, alert: Alert) -> None:
        if self.tray is not None:
            self.tray.showMessage(
                alert_title(alert),
                alert_text(alert),
                QSystemTrayIcon.MessageIcon.Warning,
                SHOWN_MS,
            )
        if self.sound is not None:
            self.sound.play()


def _sound_effect(parent: QObject) -> Any:
    """A QSoundEffect for resources/sounds/alert.wav, or None without audio: QtMultimedia needs
    PulseAudio's library (absent on a bare Debian) and an output device."""
    try:
        from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
    except ImportError as exc:
        log.info("alerts without sound: %s", exc)
        return None
    if not QMediaDevices.audioOutputs():
        log.info("alerts without sound: no audio output device")
        return None
    effect = QSoundEffect(parent)
    effect.setSource(QUrl.fromLocalFile(str(paths.resource("sounds", "alert.wav"))))
    effect.setVolume(0.8)
    return effect


class AlertsButton(QToolButton):
    """提醒 in the status bar: how many alerts are unread, and a menu of the recent ones; choosing
    one opens its case."""

    case_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alerts_button")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_ = QMenu(self)
        self.menu_.aboutToShow.connect(self._on_menu_about_to_show)
        self.setMenu(self.menu_)
        self._alerts: list[Alert] = []
        self._unread = 0
        self._update_text()

    def add(self, alert: Alert) -> None:
        self._alerts.insert(0, alert)
        del self._alerts[50:]
        self._unread += 1
        self._update_text()

    def alerts(self) -> list[Alert]:
        return list(self._alerts)

    @property
    def unread(self) -> int:
        return self._unread

    def entry_text(self, alert: Alert) -> str:
        kind = self.tr("紧急") if alert.kind == Alert.URGENT else self.tr("超期")
        case = alert.case
        return f"{alert.at:%H:%M} [{kind}] {case.case_no} {case.grid_name} · {case.category_name}"

    def _update_text(self) -> None:
        if self._unread:
            self.setText(self.tr("提醒 %1").replace("%1", str(self._unread)))
            self.setStyleSheet("QToolButton { color: white; background: #c62828; }")
        else:
            self.setText(self.tr("提醒"))
            self.setStyleSheet("")
        self.setEnabled(bool(self._alerts))

    def _on_menu_about_to_show(self) -> None:
        self.menu_.clear()
        for alert in self._alerts:
            action = QAction(self.entry_text(alert), self.menu_)
            action.triggered.connect(
                lambda _c=False, case_id=alert.case.case_id: self.case_requested.emit(case_id)
            )
            self.menu_.addAction(action)
        self._unread = 0
        self._update_text()
