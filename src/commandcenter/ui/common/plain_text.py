"""Text from cases, grids and people is shown as text, never as markup. QLabel and tooltips guess
rich text from anything that looks like HTML (and rich text may load images from files), so
labels that show data are set to plain text and tooltips carry data escaped."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def plain(label: QLabel) -> QLabel:
    """`label`, set to show its text literally."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def tooltip(text: str) -> str:
    """A tooltip showing `text` literally (escaped inside explicit rich text, so Qt's guess has
    nothing to guess), wrapped at spaces, line breaks kept."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"
