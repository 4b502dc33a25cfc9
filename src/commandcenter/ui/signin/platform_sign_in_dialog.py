"""登录区级平台: account and password, checked by the district platform (or, when it cannot be
reached, against the hash kept from this workstation's last online sign-in). The dialog only
collects and shows: the sign-in itself runs in the sync service on the network lane, which
answers with `succeeded()` or `failed(message)`."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..common.plain_text import plain


class PlatformSignInDialog(QDialog):
    sign_in_requested = Signal(str, str)  # username, password

    def __init__(
        self,
        server: str,
        usernames: list[str],
        *,
        token_note: str = "",
        reason: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("登录区级平台"))
        self.setMinimumWidth(440)
        self.server_label = plain(QLabel(server, self))
        self.server_label.setObjectName("server")
        self.server_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.username = QComboBox(self)
        self.username.setObjectName("username")
        self.username.setEditable(True)
        self.username.addItems(usernames)
        self.username.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = self.username.lineEdit()
        assert line is not None
        line.setPlaceholderText(self.tr("例如 shangdu-duty"))
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("平台"), self.server_label)
        form.addRow(self.tr("账号"), self.username)
        form.addRow(self.tr("密码"), self.password)

        self.reason_label = plain(QLabel(reason, self))
        self.reason_label.setObjectName("reason")
        self.reason_label.setWordWrap(True)
        self.reason_label.setVisible(bool(reason))
        self.token_label = QLabel(token_note, self)
        self.token_label.setObjectName("token_note")
        self.token_label.setWordWrap(True)
        self.token_label.setStyleSheet("color: #ef6c00;")
        self.token_label.setVisible(bool(token_note))
        self.offline_hint = QLabel(
            self.tr(
                "平台无法连接时，曾在本工作站联网登录过的账号可离线登录；离线期间的操作在下次联网登录后上传。"
            ),
            self,
        )
        self.offline_hint.setWordWrap(True)
        self.offline_hint.setStyleSheet("color: #616161;")
        self.message = plain(QLabel(self))
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")

        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(
            self.tr("登录"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setObjectName("ok")
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("取消"))
        self.cancel_button.setObjectName("cancel")
        layout = QVBoxLayout(self)
        layout.addWidget(self.reason_label)
        layout.addLayout(form)
        layout.addWidget(self.token_label)
        layout.addWidget(self.offline_hint)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        (self.password if usernames else self.username).setFocus()

    def typed_username(self) -> str:
        return self.username.currentText().strip()

    def _on_ok(self) -> None:
        username, password = self.typed_username(), self.password.text()
        if not username or not password:
            self.message.setText(self.tr("请输入账号和密码"))
            return
        self.set_busy(True)
        self.message.setStyleSheet("color: #616161;")
        self.message.setText(self.tr("正在登录…"))
        self.sign_in_requested.emit(username, password)

    def set_busy(self, busy: bool) -> None:
        for w in (self.ok_button, self.username, self.password):
            w.setEnabled(not busy)

    def succeeded(self) -> None:
        self.password.clear()
        self.accept()

    def failed(self, message: str) -> None:
        self.set_busy(False)
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(message)
        self.password.selectAll()
        self.password.setFocus()
