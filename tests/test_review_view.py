"""[10/10] The Thursday review in the window: the table's figures are those of `commandcenter stats
--week W --by grid2`, the charts and boards are drawn from the same document, and the presenter
walks every selected case with the keyboard and comes back."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from commandcenter.app import App, build_app
from commandcenter.cli import main
from commandcenter.domain.periods import Period
from commandcenter.reports.review import TABLE_COLUMNS, ReviewDocument, cell
from commandcenter.store.database import open_readonly
from commandcenter.ui.review.presenter_window import PresenterWindow
from commandcenter.ui.review.review_room import ReviewRoom
from commandcenter.ui.review.review_view import ReviewView
from factories import attach_report_photos
from windows import show_window

NOW = datetime(2026, 11, 19, 16, 0)  # a Thursday afternoon, week 2026-W47


class CountingLoad:
    def __init__(self, load: Any) -> None:
        self.load = load
        self.threads: set[str] = set()

    def __call__(self, period: Period) -> ReviewDocument:
        self.threads.add(threading.current_thread().name)
        result: ReviewDocument = self.load(period)
        return result


@pytest.fixture
def app(qtbot: QtBot, street_db: Path) -> Iterator[App]:
    attach_report_photos(street_db, NOW)
    built = build_app(open_readonly(street_db), clock=lambda: NOW, live=False, show_map=False)
    room = _room(built)
    room.services = dataclasses.replace(room.services, load=CountingLoad(room.services.load))
    show_window(qtbot, built, (1200, 800))
    yield built
    built.close()


def _shown(qtbot: QtBot, view: ReviewView, week: str) -> ReviewDocument:
    qtbot.waitUntil(
        lambda: view.document is not None and view.document.period.label == week, timeout=15_000
    )
    assert view.document is not None
    return view.document


@pytest.fixture
def view(qtbot: QtBot, app: App) -> ReviewView:
    action = _room(app).action
    assert action.isEnabled() and action.shortcut().toString() == "Ctrl+Shift+R"
    menus = {a.text(): a.menu() for a in app.window.menuBar().actions()}
    assert action in menus["报表(&R)"].actions()
    action.trigger()  # 报表 › 周例会…
    opened = _room(app).review
    assert opened is not None
    qtbot.waitUntil(opened.isVisible, timeout=2_000)
    _shown(qtbot, opened, "2026-W47")  # the current week by default
    return opened


def _stats(street_db: Path, week: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    now = NOW.isoformat(timespec="minutes")
    args = ["--db", str(street_db), "--week", week, "--by", "grid2", "--format", "json"]
    code = main(["stats", *args, "--now", now])
    assert code == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


@pytest.mark.parametrize("week", ["2026-W47", "2026-W45"])
def test_the_table_shows_the_figures_of_stats_by_grid2(
    qtbot: QtBot,
    app: App,
    view: ReviewView,
    street_db: Path,
    week: str,
    capsys: pytest.CaptureFixture[str],
    qtmodeltester: Any,
) -> None:
    if week != "2026-W47":
        view.select_week(week)
    document = _shown(qtbot, view, week)
    stats = _stats(street_db, week, capsys)
    assert len(stats["rows"]) == 14
    by_name = {row["name"]: row for row in stats["rows"]}
    model = view.model
    assert model.rowCount() == 14 + 1  # the grids and 合计
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert headers == [h for _, h in TABLE_COLUMNS]
    shown_names = []
    for row in range(14):
        cells = [model.data(model.index(row, col)) for col in range(model.columnCount())]
        name = cells[1]
        shown_names.append(name)
        expected = by_name[name]
        for (key, _), text in zip(TABLE_COLUMNS, cells, strict=True):
            if key == "leader":
                continue
            assert text == cell(key, expected[key]), (name, key)
    assert sorted(shown_names) == sorted(by_name)
    ranks = [by_name[n]["rank"] for n in shown_names]
    assert ranks == sorted(ranks)  # best first
    total = [model.data(model.index(14, col)) for col in range(model.columnCount())]
    assert total[1] == "合计"
    assert total[3] == str(stats["total"]["new"]) and total[5] == str(stats["total"]["overdue"])
    # the charts and boards are drawn from the same week
    assert view.trend_chart is not None and document.trend.labels[-1] == week.split("-")[1]
    assert view.honour.count() == 3
    assert view.honour.item(0).text().startswith("1. ")
    best = min(stats["rows"], key=lambda r: r["rank"])
    assert best["name"] in view.honour.item(0).text()
    assert view.exposure.count() > 0
    assert week in view.title.text() or document.subtitle in view.title.text()
    load = _room(app).services.load
    assert load.threads == {"cc-read_0"}  # never the GUI thread
    qtmodeltester.check(model)


def test_the_presenter_walks_every_selected_case_with_the_keyboard_and_returns(
    qtbot: QtBot, view: ReviewView
) -> None:
    document = view.document
    assert document is not None and len(document.slides) > 20
    with_photos = [s for s in document.slides if s.photos]
    assert with_photos, "the street's open cases have photos"
    view.activateWindow()
    qtbot.keyClick(view, Qt.Key.Key_F5)
    presenter = view.presenter
    assert isinstance(presenter, PresenterWindow)
    assert presenter.isFullScreen()
    seen_cases: list[str] = []
    seen_grids: list[str] = []
    for _ in range(len(presenter.pages) + 3):  # past the end stays on the last page
        page = presenter.page
        if page.case is None:
            assert presenter.title.text() == page.grid.name
            seen_grids.append(page.grid.code)
        else:
            assert page.case.case_no in presenter.title.text()
            assert page.case.leader in presenter.lines[2].text()
            assert page.case.deadline in presenter.lines[3].text()
            assert page.case.overdue in presenter.lines[3].text()
            if not seen_cases or seen_cases[-1] != page.case.case_no:
                seen_cases.append(page.case.case_no)
        qtbot.keyClick(presenter, Qt.Key.Key_Right)
    # grid by grid in the meeting's order, each grid's cases after it, every case once
    assert seen_grids == sorted(g.code for g in document.grids)
    assert sorted(seen_cases) == sorted(s.case_no for s in document.slides)
    assert len(seen_cases) == len(document.slides)
    order = {code: i for i, code in enumerate(seen_grids)}
    grid_of = {s.case_no: s.grid2_code for s in document.slides}
    grids_of_cases = [order[grid_of[no]] for no in seen_cases]
    assert grids_of_cases == sorted(grids_of_cases)
    assert presenter.index == len(presenter.pages) - 1
    qtbot.keyClick(presenter, Qt.Key.Key_Left)
    assert presenter.index == len(presenter.pages) - 2
    qtbot.keyClick(presenter, Qt.Key.Key_Home)
    assert presenter.index == 0
    # a case with photos shows them once read on the read lane
    target = presenter.pages.index(next(p for p in presenter.pages if p.case is with_photos[0]))
    qtbot.keyClick(presenter, Qt.Key.Key_End)
    presenter.show_page(target)
    shown = presenter.photo_labels[0]
    qtbot.waitUntil(lambda: not shown.pixmap().isNull(), timeout=5_000)
    assert shown.isVisibleTo(presenter)
    # legible from the back of the room: the title is a twentieth of the screen's height
    assert presenter.title.font().pixelSize() >= presenter.height() * 0.05
    with qtbot.waitSignal(presenter.closed, timeout=2_000):
        qtbot.keyClick(presenter, Qt.Key.Key_Escape)
    assert not presenter.isVisible()
    assert view.isVisible()


def test_another_week_is_read_on_its_own(qtbot: QtBot, view: ReviewView) -> None:
    first = view.document
    assert first is not None
    view.select_week("2026-W46")
    second = _shown(qtbot, view, "2026-W46")
    assert second.subtitle == "2026年第46周（11月9日至11月15日）"
    assert second.trend.labels[-1] == "W46"
    assert view.model.rowCount() == 15
    assert "2026年第46周" in view.title.text()


def test_the_pack_is_exported_from_the_view_on_the_export_lane(
    qtbot: QtBot, view: ReviewView, tmp_path: Path
) -> None:
    from pptx import Presentation

    document = view.document
    assert document is not None
    assert view.pdf_button.isVisibleTo(view) and view.pptx_button.isVisibleTo(view)
    out = tmp_path / "out"
    out.mkdir()
    for kind in ("pdf", "pptx"):
        with qtbot.waitSignal(view.saved, timeout=60_000) as saved:
            view.save_as(kind, out / f"pack.{kind}")
        assert saved.args == [str(out / f"pack.{kind}")]
    text = subprocess.run(
        ["pdftotext", str(out / "pack.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert all(g.name in text for g in document.grids)
    deck = Presentation(str(out / "pack.pptx"))
    assert len(deck.slides) > len(document.slides)
    assert sorted(p.name for p in out.iterdir()) == ["pack.pdf", "pack.pptx"]
    assert view.status.text().startswith("已导出")


@pytest.mark.slow
def test_screenshot_of_the_review_and_the_presenter(street_db: Path, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    command = [sys.executable, "-m", "commandcenter.cli", "screenshot", "--db", str(street_db)]
    for view in ("review", "presenter"):
        out = tmp_path / f"{view}.png"
        done = subprocess.run(
            [*command, "--view", view, "--size", "1000x700", "--out", str(out)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        image = QImage(str(out))
        assert (image.width(), image.height()) == (1000, 700)
    bad = subprocess.run(
        [*command, "--view", "review", "--week", "2020-W01", "--out", str(tmp_path / "x.png")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "2020-W01 is not offered" in bad.stderr
    assert not (tmp_path / "x.png").exists()


def _room(app: App) -> ReviewRoom:
    room = app.window.room(ReviewRoom)
    assert room is not None
    return room
