"""The first window opens offscreen on the demo street and shows its counts, in a font that
has every Chinese character it displays."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from commandcenter.app import build_app
from commandcenter.domain.enums import CaseState
from commandcenter.store.database import open_readonly
from commandcenter.store.repositories import CaseRepository


def _cjk(text: str) -> set[str]:
    return {ch for ch in text if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"}


def _model_texts(model, parent=None) -> list[str]:
    parent = parent or QModelIndex()
    out = []
    for row in range(model.rowCount(parent)):
        for col in range(model.columnCount(parent)):
            index = model.index(row, col, parent)
            out.append(str(model.data(index, Qt.ItemDataRole.DisplayRole) or ""))
        out.extend(_model_texts(model, model.index(row, 0, parent)))
    return out


@pytest.fixture
def app(qtbot: QtBot, street_db: Path):
    db = open_readonly(street_db)
    built = build_app(db)
    qtbot.addWidget(built.window)
    yield built
    built.runner.shutdown()
    db.dispose()


def test_window_shows_the_street_and_its_counts(app, qtbot: QtBot, tmp_path: Path) -> None:
    window = app.window
    window.resize(1200, 800)
    window.show()
    with qtbot.waitSignal(window.overview_loaded, timeout=10_000):
        window.refresh()
    expected = CaseRepository(app.db.engine).count_by_state()
    shown = {
        CaseState(window.counts.data(window.counts.index(r, 0), Qt.ItemDataRole.UserRole)): (
            window.counts.data(window.counts.index(r, 1), Qt.ItemDataRole.UserRole)
        )
        for r in range(window.counts.rowCount())
    }
    assert shown == expected and sum(shown.values()) == 2000
    assert window.title.text() == "商都路办事处"
    assert "网格指挥中心" in window.windowTitle()
    tree = window.grid_dock.model
    assert tree.rowCount() == 1
    assert tree.item(0).rowCount() == 14
    window.grab().save(str(tmp_path / "window.png"))


def test_every_chinese_character_is_in_the_font(app, qtbot: QtBot) -> None:
    window = app.window
    window.show()
    with qtbot.waitSignal(window.overview_loaded, timeout=10_000):
        window.refresh()
    texts = [
        window.windowTitle(),
        window.title.text(),
        window.subtitle.text(),
        window.statusBar().currentMessage(),
        *_model_texts(window.counts),
        *_model_texts(window.grid_dock.model),
        window.grid_dock.windowTitle(),
    ]
    checked = 0
    for widget, strings in (
        (window.title, [window.title.text()]),
        (window.subtitle, [window.subtitle.text()]),
        (window.count_view, _model_texts(window.counts)),
        (window.grid_dock.view, _model_texts(window.grid_dock.model)),
        (window, texts),
    ):
        assert isinstance(widget, QWidget)
        metrics = QFontMetrics(widget.font())
        for ch in set().union(*(_cjk(s) for s in strings)):
            assert metrics.inFontUcs4(ord(ch)), f"{ch!r} missing from {widget.font().family()}"
            checked += 1
    assert checked > 100
