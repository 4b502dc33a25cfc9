"""数据库已损坏: the one line every command prints for a damaged database, said in a dialog before
the window opens on it, with the newest backup offered (its time and size): putting it back
keeps the damaged file beside it. Without a backup it says so and offers nothing to press but
退出."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QWidget

from ...store.backup import Backup
from ...store.errors import DatabaseDamaged
from ..common.plain_text import plain


class RecoveryDialog(QMessageBox):
    def __init__(
        self, error: DatabaseDamaged, backups: list[Backup], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recovery_dialog")
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(self.tr("数据库已损坏"))
        self.newest = backups[0] if backups else None
        self.setText(self.tr("本机数据库已损坏，无法打开：\n%1").replace("%1", error.path))
        details = self.tr("原因：%1").replace("%1", error.why)
        if self.newest is not None:
            b = self.newest
            offer = (
                self.tr("可以用最新的备份恢复：%1（%2 MB）。损坏的文件会改名保留在原处。")
                .replace("%1", f"{b.made:%Y-%m-%d %H:%M}")
                .replace("%2", f"{b.size / 1024 / 1024:.1f}")
            )
        else:
            offer = self.tr("没有可用的备份。请联系技术支持，或移走该文件后重新同步。")
        self.setInformativeText(f"{details}\n\n{offer}")
        self.restore_button: QPushButton | None = None
        if self.newest is not None:
            self.restore_button = self.addButton(
                self.tr("用最新备份恢复"), QMessageBox.ButtonRole.AcceptRole
            )
            self.restore_button.setObjectName("restore")
            self.setDefaultButton(self.restore_button)
        quit_button = self.addButton(self.tr("退出"), QMessageBox.ButtonRole.RejectRole)
        quit_button.setObjectName("quit")
        self.setTextFormat(Qt.TextFormat.PlainText)
        for label in self.findChildren(QLabel):
            plain(label)  # paths and SQLite's words, shown as they are

    def chosen(self) -> Backup | None:
        """The backup to put back, when the user chose to (after exec)."""
        if self.restore_button is not None and self.clickedButton() is self.restore_button:
            return self.newest
        return None
