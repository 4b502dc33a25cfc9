"""The Thursday review meeting as a document, without Qt: the level-2 grids' table (the figures
of `commandcenter stats --by grid2`), the twelve weeks' intake against closed, rates by grid,
光荣榜 (best grids) and 曝光台 (grids with the most open overdue cases), and one slide per open
overdue or important case, grid by grid in the meeting's order. The review view, the presenter
and the pack (PDF, PPTX) all show this one document. Chinese, as the meeting's papers are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any

from ..domain.indicators import percent
from ..domain.periods import Period
from ..domain.review import Person, ReviewCase, ReviewData
from ..domain.transitions import OPEN_STATES

HONOUR_SIZE = 3
EXPOSURE_SIZE = 5

# (key of the stats row, heading); the table's columns in the meeting's order.
TABLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("rank", "排名"),
    ("name", "网格"),
    ("leader", "网格长"),
    ("new", "新增"),
    ("closed", "结案"),
    ("overdue", "超期"),
    ("handling_rate", "处置率"),
    ("closing_rate", "结案率"),
    ("ontime_rate", "按期结案率"),
    ("rework_rate", "返工率"),
    ("score", "得分"),
    ("grade", "等级"),
    ("rank_change", "变化"),
)
RATE_KEYS = ("handling_rate", "closing_rate", "ontime_rate", "rework_rate")
CHART_RATES = (("closing_rate", "结案率"), ("ontime_rate", "按期结案率"))


@dataclass(frozen=True, slots=True)
class GridLine:
    """A level-2 grid's row: the stats figures and the texts the table shows."""

    code: str
    name: str
    leader: str
    figures: dict[str, Any]  # the stats row as `stats --format json` gives it
    cells: tuple[str, ...]  # one per TABLE_COLUMNS


@dataclass(frozen=True, slots=True)
class Standing:
    """A line of 光荣榜 or 曝光台."""

    grid: str
    leader: str
    text: str  # 得分 92.10 · A, or 超期未处置 5 件 · 最长 12 天


@dataclass(frozen=True, slots=True)
class Slide:
    case_id: int
    case_no: str
    grid2_code: str  # the level-2 grid whose report it belongs to
    title: str  # 东瑞园社区 · 占道经营
    description: str
    place: str  # 东瑞园社区 › 东瑞园一区 · address
    leader: str  # 刘欣怡 13353537974
    deadline: str  # 2026-10-26 11:09
    overdue: str  # 超期 25 天 3 小时, or 未超期
    is_overdue: bool
    priority: str  # 紧急 / 重要 / 一般
    state: str
    photos: tuple[str, ...]  # sha256, the blob store resolves them

    def fields(self) -> tuple[tuple[str, str, str], ...]:
        """The case's lines as the pack prints them: (label, value, tone); the tone of the
        overdue line is 'late' or 'on_time', the others ''."""
        return (
            ("问题描述", self.description, ""),
            ("发生地点", self.place, ""),
            ("责任网格长", self.leader, ""),
            ("处置期限", self.deadline, ""),
            ("超期情况", self.overdue, "late" if self.is_overdue else "on_time"),
        )


@dataclass(frozen=True, slots=True)
class WeekTrend:
    labels: tuple[str, ...]  # W36 … W47
    intake: tuple[int, ...]
    closed: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ReviewDocument:
    street: str
    period: Period
    title: str  # 商都路办事处网格化管理周例会
    subtitle: str  # 2026年第47周（11月16日至11月22日）
    asof: datetime
    headers: tuple[str, ...]
    grids: tuple[GridLine, ...]  # in the meeting's order (grid code)
    total: tuple[str, ...]  # the 合计 row's cells
    trend: WeekTrend
    rate_names: tuple[str, ...]  # the series of the rates chart
    rates: tuple[tuple[float | None, ...], ...]  # [series][grid], 0..1
    honour: tuple[Standing, ...]
    exposure: tuple[Standing, ...]
    slides: tuple[Slide, ...]

    def ranked(self) -> list[GridLine]:
        """The grids best first (unranked ones last), as the table is shown."""
        return sorted(self.grids, key=lambda g: (g.figures["rank"] is None, g.figures["rank"] or 0))


def cell(key: str, value: Any) -> str:
    if value is None:
        return "—"
    if key in RATE_KEYS:
        return percent(Fraction(value).limit_denominator(10**9))
    if key == "score":
        return f"{value:.2f}"
    if key == "rank_change":
        return f"↑{value}" if value > 0 else (f"↓{-value}" if value < 0 else "—")
    return str(value)


def person_text(person: Person | None, phone: bool = False) -> str:
    if person is None:
        return "—"
    return f"{person.name} {person.phone}".strip() if phone else person.name


def overdue_text(hours: float | None) -> str:
    if hours is None:
        return "未超期"
    days, rest = divmod(int(hours), 24)
    if days == 0:
        return f"超期 {max(rest, 1)} 小时"
    return f"超期 {days} 天" + (f" {rest} 小时" if rest else "")


def week_heading(period: Period) -> str:
    start = period.start
    last = period.end.toordinal() - 1
    end = datetime.fromordinal(last)
    year, week, _ = start.isocalendar()
    return f"{year}年第{week}周（{start.month}月{start.day}日至{end.month}月{end.day}日）"


def review_document(data: ReviewData) -> ReviewDocument:
    grids = []
    for row in data.rows:
        leader = person_text(data.leaders.get(row["code"]))
        values = {**row, "leader": leader}
        grids.append(
            GridLine(
                code=row["code"],
                name=row["name"],
                leader=leader,
                figures=dict(row),
                cells=tuple(cell(k, values.get(k)) for k, _ in TABLE_COLUMNS),
            )
        )
    total = {**data.total, "rank": None, "name": "合计", "leader": "", "rank_change": None}
    total_cells = tuple(
        "" if k in ("rank", "leader", "rank_change", "grade") else cell(k, total.get(k))
        for k, _ in TABLE_COLUMNS
    )
    return ReviewDocument(
        street=data.street,
        period=data.period,
        title=f"{data.street}网格化管理周例会",
        subtitle=week_heading(data.period),
        asof=data.asof,
        headers=tuple(h for _, h in TABLE_COLUMNS),
        grids=tuple(grids),
        total=total_cells,
        trend=WeekTrend(
            labels=tuple(w.label.split("-")[-1] for w in data.weeks),
            intake=tuple(w.new for w in data.weeks),
            closed=tuple(w.closed for w in data.weeks),
        ),
        rate_names=tuple(name for _, name in CHART_RATES),
        rates=tuple(tuple(g.figures.get(k) for g in grids) for k, _ in CHART_RATES),
        honour=_honour(grids),
        exposure=_exposure(grids, data.cases),
        slides=tuple(_slide(k) for k in data.cases),
    )


def _honour(grids: list[GridLine]) -> tuple[Standing, ...]:
    scored = [g for g in grids if g.figures.get("score") is not None]
    scored.sort(key=lambda g: (-g.figures["score"], g.code))
    return tuple(
        Standing(g.name, g.leader, f"得分 {g.figures['score']:.2f} · {g.figures['grade']}")
        for g in scored[:HONOUR_SIZE]
    )


def _exposure(grids: list[GridLine], cases: tuple[ReviewCase, ...]) -> tuple[Standing, ...]:
    late: dict[str, list[float]] = {}
    for k in cases:
        if k.overdue_hours is not None:
            late.setdefault(k.grid2_code, []).append(k.overdue_hours)
    by_code = {g.code: g for g in grids}
    worst = sorted(late, key=lambda code: (-len(late[code]), -max(late[code]), code))
    out = []
    for code in worst[:EXPOSURE_SIZE]:
        g = by_code.get(code)
        longest = overdue_text(max(late[code])).removeprefix("超期 ")
        out.append(
            Standing(
                g.name if g else code,
                g.leader if g else "—",
                f"超期未办 {len(late[code])} 件 · 最长 {longest}",
            )
        )
    return tuple(out)


def _slide(k: ReviewCase) -> Slide:
    place = f"{k.grid2_name} › {k.grid_name}" if k.grid_name != k.grid2_name else k.grid2_name
    if k.address:
        place += f" · {k.address}"
    return Slide(
        case_id=k.case_id,
        case_no=k.case_no,
        grid2_code=k.grid2_code,
        title=f"{k.grid2_name} · {k.category}",
        description=k.description,
        place=place,
        leader=person_text(k.leader, phone=True),
        deadline=k.due_at.strftime("%Y-%m-%d %H:%M") if k.due_at else "—",
        overdue=overdue_text(k.overdue_hours),
        is_overdue=k.overdue_hours is not None,
        priority=k.priority.label,
        # a finished week's case may have moved on since: its state now, said as such
        state=k.state.label if k.state in OPEN_STATES else f"现{k.state.label}",
        photos=k.photos,
    )
