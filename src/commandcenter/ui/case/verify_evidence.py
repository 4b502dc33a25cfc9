"""What the inspector judges by, in the 核查 dialog ([13/20] 3): the handler's 处置情况 (who typed
it, for whom, when) and the photos after handling beside those taken before, so no other window
needs opening."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...domain.lifecycle import EventType as E
from ...store.case_detail import CaseDetail
from ..common.plain_text import plain

EVIDENCE_THUMB = 120  # px: the photos beside each other
# Its words keep the dialog's context (spelt out at each call: lupdate reads the literal call).


def evidence_frame(parent: QWidget, case: CaseDetail, images: Mapping[str, QImage]) -> QFrame:
    """What the inspector judges by, here: the handler's 处置情况 and the photos after
    handling beside those taken before."""
    handled = next((e for e in reversed(case.events) if e.type is E.HANDLE), None)
    frame = QFrame(parent)
    frame.setObjectName("evidence")
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    column = QVBoxLayout(frame)
    if handled is None:
        column.addWidget(
            plain(QLabel(QCoreApplication.translate("CaseActionDialog", "尚无处置反馈"), frame))
        )
        return frame
    who = handled.actor_name or handled.actor_code or ""
    if handled.on_behalf_of:
        who += QCoreApplication.translate("CaseActionDialog", "代%1录入").replace(
            "%1", "、".join(handled.on_behalf_of)
        )
    said = plain(
        QLabel(
            QCoreApplication.translate("CaseActionDialog", "处置情况（%1，%2）：%3")
            .replace("%1", who)
            .replace("%2", handled.at.strftime("%m-%d %H:%M"))
            .replace(
                "%3", handled.note or QCoreApplication.translate("CaseActionDialog", "（未填写）")
            ),
            frame,
        )
    )
    said.setObjectName("handling_note")
    said.setWordWrap(True)
    said.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    column.addWidget(said)
    after = [a.sha256 for a in handled.attachments]
    before = [
        a.sha256
        for e in case.events
        if e.id < handled.id and e.type is not E.HANDLE
        for a in e.attachments
    ]
    photos = QHBoxLayout()
    for name, title, shas in (
        ("before_photos", QCoreApplication.translate("CaseActionDialog", "处置前照片"), before),
        ("after_photos", QCoreApplication.translate("CaseActionDialog", "处置后照片"), after),
    ):
        box = QGroupBox(title, frame)
        box.setObjectName(name)
        row = QHBoxLayout(box)
        shown = 0
        for sha in shas[:4]:
            image = images.get(sha)
            if image is None:
                continue
            thumb = QLabel(box)
            thumb.setPixmap(
                QPixmap.fromImage(
                    image.scaled(
                        EVIDENCE_THUMB,
                        EVIDENCE_THUMB,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
            )
            row.addWidget(thumb)
            shown += 1
        if not shown:
            row.addWidget(
                plain(QLabel(QCoreApplication.translate("CaseActionDialog", "无照片"), box))
            )
        row.addStretch(1)
        photos.addWidget(box, 1)
    column.addLayout(photos)
    return frame
