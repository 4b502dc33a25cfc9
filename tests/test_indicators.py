"""[3/10] Indicators against hand-computed values. Section numbers (§I1 …) are those of
docs/indicators.md, which defines every numerator, denominator and period rule used here."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from commandcenter import defaults
from commandcenter.cli import main
from commandcenter.domain.indicators import competition_ranks, grade, percent, rate
from commandcenter.domain.periods import month_period, range_period, week_period
from commandcenter.store import schema as t
from commandcenter.store.database import Database
from commandcenter.store.indicators import IndicatorRepository, stats_table
from factories import small_street

A, B = "410171001001", "410171001002"  # two level-2 grids of the small street
NOW = datetime(2026, 12, 1)  # long after the periods: "by the period end" is the period end


def d(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour, 0)


def add_case(db: Database, block: str, **fields: object) -> None:
    with db.engine.begin() as conn:
        grid_id = conn.scalar(select(t.grids.c.id).where(t.grids.c.code == block))
        row = {
            "uuid": str(uuid.uuid4()),
            "case_no": f"H{uuid.uuid4().hex[:10]}",
            "state": "closed",
            "category_code": "CS01",
            "source": "patrol",
            "priority": "normal",
            "grid_id": grid_id,
            "grid_code": block,
            "description": "测试",
            "address": "商都路",
            "reported_at": d(16, 9),
            "escalation_level": 1,
            "rework_count": 0,
            "redispatch_count": 0,
            "extension_count": 0,
            "supervised": False,
            "updated_at": d(16, 9),
        }
        row.update(fields)
        conn.execute(insert(t.cases).values(**row))


@pytest.fixture(scope="module")
def hand(tmp_path_factory: pytest.TempPathFactory) -> Database:
    """Week 2026-W47 is Mon 16 to Sun 22 November. The cases of grid A (two blocks):"""
    db = small_street(tmp_path_factory.mktemp("ind") / "hand.db")
    a1, a2, b1 = A + "001", A + "002", B + "001"
    # a1: handled before its deadline, closed in the week.
    add_case(db, a1, accepted_at=d(16), handle_due_at=d(17), first_handled_at=d(17, 9),
             handled_at=d(17, 9), closed_at=d(17, 15), handling_minutes=120)  # fmt: skip
    # a2: a hotline report (not found by the grid), handled a day late, closed at community level.
    add_case(db, a2, source="hotline", accepted_at=d(16, 11), handle_due_at=d(18),
             first_handled_at=d(19), handled_at=d(19), closed_at=d(19, 16),
             escalation_level=2, handling_minutes=600)  # fmt: skip
    # a3: reworked once, handled again before its deadline, closed.
    add_case(db, a1, accepted_at=d(16), handle_due_at=d(19), first_handled_at=d(18),
             first_rework_at=d(18, 15), rework_count=1, handled_at=d(19, 9),
             closed_at=d(20), handling_minutes=300)  # fmt: skip
    # a4: rejected as invalid; a5: rejected as a duplicate (out of §I1's denominator).
    add_case(db, a1, state="rejected", ended_at=d(17))
    add_case(db, a1, state="rejected", ended_at=d(17), duplicate_of="H0000000001")
    # a6: shelved before its deadline: excluded from §I2-§I6.
    add_case(db, a2, state="shelved", accepted_at=d(17), handle_due_at=d(20), ended_at=d(18))
    # a7: never handled: overdue and still open at the week's end.
    add_case(db, a2, state="dispatched", accepted_at=d(17), handle_due_at=d(20, 11))
    # a8: due next week: not in this week's §I2-§I6.
    add_case(db, a2, state="dispatched", accepted_at=d(20), handle_due_at=d(23))
    # Grid B this week: one perfect case. Last week: A perfect, B not handled.
    add_case(db, b1, accepted_at=d(16), handle_due_at=d(17), first_handled_at=d(16, 15),
             handled_at=d(16, 15), closed_at=d(17, 9), handling_minutes=60)  # fmt: skip
    add_case(db, a1, accepted_at=d(9), handle_due_at=d(10), first_handled_at=d(10, 9),
             handled_at=d(10, 9), closed_at=d(10, 11), handling_minutes=60)  # fmt: skip
    add_case(db, b1, state="dispatched", accepted_at=d(9), handle_due_at=d(10))
    yield db
    db.dispose()


def test_counts_and_rates_of_grid_a(hand: Database) -> None:
    fig = IndicatorRepository(hand.engine).figures("grid2", week_period("2026-W47"), NOW)[A]
    c = fig.counts
    rates = fig.rates()
    # §I1: accepted a1 a2 a3 a6 a7 a8; rejected invalid a4; the duplicate a5 is out.
    assert (c["filed"], c["rejected_invalid"]) == (6, 1)
    assert rates["filing_rate"] == Fraction(6, 7)
    # §I2-§I5: due a1 a2 a3 a7 (a6 shelved before its deadline, a8 due next week).
    assert c["due"] == 4
    assert rates["handling_rate"] == Fraction(3, 4)
    assert rates["closing_rate"] == Fraction(3, 4)
    assert rates["ontime_rate"] == Fraction(2, 4)  # a1, a3: last handling report before H
    assert rates["rework_rate"] == Fraction(1, 4)
    # §I6: a2 handled late and a7 never; a7 still open at the week's end.
    assert (c["overdue"], c["overdue_open"]) == (2, 1)
    # §I7: a2 came by the hotline, of six filed.
    assert rates["miss_rate"] == Fraction(1, 6)
    # §I8: closed this week a1 a2 a3 (a2 at community level).
    shares = fig.level_shares()
    assert shares["grid"] == Fraction(2, 3) and shares["community"] == Fraction(1, 3)
    # §I9: (120 + 600 + 300) / 3 min = 5.67 h -> 5.7
    assert fig.mean_handling_hours() == Decimal("5.7")


def test_score_grade_rank_and_rank_change(hand: Database) -> None:
    table = stats_table(
        hand.engine, "grid2", week_period("2026-W47"), defaults.scoring_weights(), NOW
    )
    rows = {r["code"]: r for r in table.rows}
    assert set(rows) == {A, B}
    # §I10 with resources/scoring.json (20/25/30/10/15):
    # 20*3/4 + 25*3/4 + 30*2/4 + 10*(1-1/4) + 15*(1-1/6) = 15 + 18.75 + 15 + 7.5 + 12.5 = 68.75
    assert rows[A]["score"] == 68.75 and rows[A]["grade"] == "C"
    assert rows[B]["score"] == 100.0 and rows[B]["grade"] == "A"
    # Last week A was perfect and B had handled nothing: they swapped places.
    assert (rows[A]["rank"], rows[B]["rank"]) == (2, 1)
    assert (rows[A]["rank_change"], rows[B]["rank_change"]) == (-1, 1)
    assert table.total["due"] == 5 and table.total["closed"] == 4


def test_stats_json_has_one_row_per_entity(
    hand: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["stats", "--db", str(hand.path), "--week", "2026-W47", "--by", "grid3"]
    assert main([*args, "--format", "json", "--now", NOW.isoformat()]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["by"] == "grid3" and data["period"]["from"] == "2026-11-16"
    assert data["period"]["to"] == "2026-11-22"
    codes = [r["code"] for r in data["rows"]]
    assert codes == [A + "001", A + "002", B + "001"]  # every level-3 grid, with cases or not
    for row in data["rows"]:
        for key in ("handling_rate", "closing_rate", "ontime_rate", "rework_rate", "miss_rate"):
            assert row[key] is None or 0 <= row[key] <= 1
        assert isinstance(row["due"], int) and isinstance(row["name"], str)
        assert set(row) >= {"score", "grade", "rank", "rank_change", "filing_rate"}
    assert main([*args, "--format", "csv", "--now", NOW.isoformat()]) == 0
    assert capsys.readouterr().out.startswith("code,name,")
    assert main([*args, "--now", NOW.isoformat()]) == 0
    assert "东瑞园一区" in capsys.readouterr().out


def test_entities_without_cases_have_nulls_not_zeros(tmp_path: Path) -> None:
    db = small_street(tmp_path / "empty.db")
    try:
        table = stats_table(
            db.engine, "grid2", week_period("2026-W47"), defaults.scoring_weights(), NOW
        )
    finally:
        db.dispose()
    for row in table.rows:
        assert row["due"] == 0 and row["closing_rate"] is None
        assert row["score"] is None and row["grade"] is None and row["rank"] is None


def test_the_seed_articles_figures() -> None:
    """中牟县九龙镇: 647 social-affairs reports, 642 closed; 59 ledger items, 58 closed. The
    article prints 99.22 % (truncated); half-up gives 99.23 %, within the 0.01 point asked."""
    assert percent(rate(642, 647)) == "99.23%"
    assert percent(rate(58, 59)) == "98.31%"
    assert abs(float(rate(642, 647)) * 100 - 99.22) < 0.01
    assert abs(float(rate(58, 59)) * 100 - 98.31) < 0.01
    assert percent(rate(3588, 3699)) == "97.00%"  # 经开区 七大领域
    assert percent(rate(1, 8)) == "12.50%" and percent(rate(1, 800)) == "0.13%"  # half up
    assert percent(None) == "—"


def test_the_seed_articles_figures_through_sql(tmp_path: Path) -> None:
    db = small_street(tmp_path / "jiulong.db")
    try:
        with db.engine.begin() as conn:
            grid_id = conn.scalar(select(t.grids.c.id).where(t.grids.c.code == A + "001"))
            rows = []
            for i in range(647 + 59):
                social = i < 647
                closed = (i < 642) if social else (i - 647 < 58)
                rows.append(
                    {
                        "uuid": str(uuid.uuid4()), "case_no": f"J{i:05d}",
                        "state": "closed" if closed else "dispatched",
                        "category_code": "SQ01" if social else "TZ01",
                        "source": "patrol", "priority": "normal", "grid_id": grid_id,
                        "grid_code": A + "001", "description": "", "address": "",
                        "reported_at": d(2), "accepted_at": d(2), "handle_due_at": d(10),
                        "first_handled_at": d(9) if closed else None,
                        "handled_at": d(9) if closed else None,
                        "closed_at": d(9, 15) if closed else None, "escalation_level": 1,
                        "rework_count": 0, "redispatch_count": 0, "extension_count": 0,
                        "supervised": False, "updated_at": d(9),
                    }
                )  # fmt: skip
            conn.execute(insert(t.cases), rows)
        fig = IndicatorRepository(db.engine).figures("grid2", month_period("2026-11"), NOW)[A]
    finally:
        db.dispose()
    assert (fig.counts["due"], fig.counts["closed"]) == (706, 700)
    assert percent(fig.rates()["closing_rate"]) == "99.15%"  # 700 / 706 together


@pytest.mark.parametrize(
    ("score", "letter"),
    [
        ("100", "A"), ("90", "A"), ("89.99", "B"), ("75", "B"), ("74.99", "C"), ("60", "C"),
        ("59.99", "D"), ("40", "D"), ("39.99", "E"), ("0", "E"),
    ],
)  # fmt: skip
def test_grades_at_the_boundaries(score: str, letter: str) -> None:
    assert grade(Decimal(score)) == letter


def test_competition_ranking() -> None:
    scores = {"a": Decimal(90), "b": Decimal(95), "c": Decimal(90), "d": None, "e": Decimal(10)}
    assert competition_ranks(scores) == {"a": 2, "b": 1, "c": 2, "d": None, "e": 4}


def test_periods_and_their_predecessors() -> None:
    w = week_period("2026-W47")
    assert (w.start, w.end) == (datetime(2026, 11, 16), datetime(2026, 11, 23))
    assert w.previous().label == "2026-W46"
    assert week_period("2026-W01").previous().label == "2025-W52"
    m = month_period("2026-03")
    assert m.previous().label == "2026-02" and m.previous().end == m.start
    r = range_period(datetime(2026, 11, 1).date(), datetime(2026, 11, 10).date())
    assert r.previous().as_dict()["from"] == "2026-10-22"
    assert r.previous().as_dict()["to"] == "2026-10-31"


def test_scores_are_exact_at_the_half_hundredth() -> None:
    """§I10: the score is rounded half up from the exact fraction, so a grade boundary does not
    depend on floating point: 74.995 exactly rounds to 75.00, grade B."""
    from commandcenter.domain.indicators import Weights

    w = Weights({"closing_rate": 1})
    assert w.score({"closing_rate": Fraction(74995, 100000)}) == Decimal("75.00")
    assert grade(w.score({"closing_rate": Fraction(74995, 100000)})) == "B"
    assert w.score({"closing_rate": Fraction(74994999, 100000000)}) == Decimal("74.99")
    assert w.score({"closing_rate": None}) is None


def test_a_run_of_weeks_equals_each_week_alone(hand: Database) -> None:
    from commandcenter.store.indicators import stats_tables

    weights = defaults.scoring_weights()
    weeks = [week_period("2026-W46"), week_period("2026-W47")]
    together = stats_tables(hand.engine, "grid2", weeks, weights, NOW)
    alone = [stats_table(hand.engine, "grid2", w, weights, NOW) for w in weeks]
    assert [t.as_json() for t in together] == [t.as_json() for t in alone]
