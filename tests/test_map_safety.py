"""Text from cases, grids and people cannot run in the map page or turn into markup in the
window: 50+ payloads (script tags, event handlers, `${...}`, backticks, `</script>`,
`javascript:` URLs…) in case descriptions and numbers, grid names and people's names. Each would
set `window.ccPwned` if it ran; the test reads it back, and finds every payload as literal text."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from commandcenter.app import App, build_app
from commandcenter.store.database import open_database
from commandcenter.store.map_data import DESCRIPTION_CHARS
from windows import evaluate, show_map, show_window

NOW = datetime(2026, 11, 21, 9, 0)
RUN = "window.ccPwned=(window.ccPwned||0)+1"
_SHAPES = (
    "<script>{x}</script>",
    "</script><script>{x}</script>",
    '<img src=x onerror="{x}">',
    "<svg onload={x}>",
    "<body onload={x}>",
    '<iframe src="javascript:{x}"></iframe>',
    '<a href="javascript:{x}">点我</a>',
    "javascript:{x}",
    "${{{x}}}",
    "`;{x};`",
    "`${{{x}}}`",
    "'-{x}-'",
    '";{x};//',
    "');{x};//",
    '<div style="background:url(javascript:{x})">',
    "<details open ontoggle={x}>",
    "<input autofocus onfocus={x}>",
    "<marquee onstart={x}>",
    "{{{{constructor.constructor('{x}')()}}}}",
    "<scr<script>ipt>{x}</scr</script>ipt>",
    "\u2028{x}\u2029",
    '\\";{x};//',
    "<math><mtext><table><mglyph><style><img src=x onerror={x}>",
    '<object data="javascript:{x}">',
    '<embed src="javascript:{x}">',
)
PAYLOADS = [shape.format(x=RUN) for shape in _SHAPES] + [
    f"网格{i} " + shape.format(x=RUN) for i, shape in enumerate(_SHAPES)
]
# The same image payload, set as markup by the test itself, hidden and removed after it ran.
CANARY = (
    "(function () { const box = document.createElement('div'); box.hidden = true;"
    " box.innerHTML = '<img src=x onerror=\"window.ccCanary=1;this.parentNode.remove()\">';"
    " document.body.appendChild(box); return 1; })()"
)


@pytest.fixture
def hostile_app(qtbot: QtBot, street_db: Path) -> Iterator[App]:
    assert len(PAYLOADS) >= 50
    db = open_database(street_db)
    with db.engine.begin() as conn:
        cases = (
            conn.execute(
                text(
                    "SELECT id FROM cases WHERE lon IS NOT NULL AND state IN"
                    " ('reported','accepted','dispatched','handled') ORDER BY id"
                )
            )
            .scalars()
            .all()
        )
        grids = conn.execute(
            text("SELECT id, leader_code FROM grids WHERE is_current AND level = 3 ORDER BY code")
        ).all()
        for i, payload in enumerate(PAYLOADS):
            conn.execute(
                text("UPDATE cases SET description = :p WHERE id = :id"),
                {"p": payload, "id": cases[i]},
            )
            grid_id, leader = grids[i % len(grids)]
            conn.execute(
                text("UPDATE grids SET name = :p WHERE id = :id"), {"p": payload, "id": grid_id}
            )
            if leader:
                conn.execute(
                    text("UPDATE people SET name = :p WHERE code = :c"), {"p": payload, "c": leader}
                )
        conn.execute(
            text("UPDATE cases SET case_no = :p WHERE id = :id"),
            {"p": "</script><script>" + RUN + "</script>", "id": cases[len(PAYLOADS)]},
        )
    built = show_window(qtbot, build_app(db, clock=lambda: NOW, live=False))
    show_map(qtbot, built, lambda dock: evaluate(dock, "cc.markerCount()") > len(PAYLOADS))
    yield built
    built.close()


def test_no_payload_runs_in_the_map_and_each_shows_literally(
    hostile_app: App, qtbot: QtBot
) -> None:
    dock = hostile_app.window.map_dock
    assert dock is not None
    texts = evaluate(dock, "cc.tooltipTexts()")
    # A payload parsed as markup runs its handler later (an image's onerror once its load has
    # failed): parse one such image now, on purpose, and once its handler has run, any from the
    # tooltips, built before it, would have run too.
    evaluate(dock, CANARY)
    qtbot.waitUntil(lambda: evaluate(dock, "window.ccCanary || 0") == 1, timeout=5_000)
    assert evaluate(dock, "window.ccPwned || 0") == 0
    joined = "\n".join(texts)
    for payload in PAYLOADS:
        assert payload[:DESCRIPTION_CHARS] in joined, payload
    assert "</script><script>" + RUN + "</script>" in joined
    # Select every hostile case: panning and highlighting run nothing either.
    with hostile_app.db.engine.connect() as conn:
        ids = (
            conn.execute(
                text("SELECT id FROM cases WHERE description LIKE '%ccPwned%' ORDER BY id")
            )
            .scalars()
            .all()
        )
    for case_id in ids[:10]:
        dock.select_case(case_id)
    assert evaluate(dock, "window.ccPwned || 0") == 0
    assert evaluate(dock, "window.ccLoads") == 1
    assert dock.interceptor.blocked == []


def test_the_window_shows_the_payloads_as_text(hostile_app: App, qtbot: QtBot) -> None:
    window = hostile_app.window
    with hostile_app.db.engine.connect() as conn:
        case_id = conn.execute(
            text("SELECT id FROM cases WHERE description = :p"), {"p": PAYLOADS[2]}
        ).scalar()
    with qtbot.waitSignal(
        window.case_shown, timeout=5_000, check_params_cb=lambda d: d.id == case_id
    ):
        window.open_case(int(case_id))
    field = window.case_dock.fields["description"]
    assert field.textFormat() == Qt.TextFormat.PlainText and field.text() == PAYLOADS[2]
    assert json.dumps(PAYLOADS[2])  # sanity: the payload is what was stored
