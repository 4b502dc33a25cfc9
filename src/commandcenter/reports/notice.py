"""The inspection office's weekly supervision notice (督查通报) as a document, without Qt: the
issuing office, the serial number and date, the title, the body as a run of paragraphs and
ruled tables (一、总体情况 … 五、工作要求), the signature and the 版记 (抄送). `render/notice.py`
draws it. A notice is an office's paper: Chinese whatever the window's language."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any, Protocol

from ..domain.indicators import percent
from ..domain.periods import Period

HEADING = "heading"  # 一、 (黑体 in a printed notice)
SUBHEADING = "subheading"  # （一） (楷体)
BODY = "body"  # indented two characters
PLAIN = "plain"  # not indented: the 主送 line

REQUIREMENTS = (
    "1.各社区要对本期通报的超期、返工案件逐件分析原因，明确责任人和整改时限，"
    "于下周三前将整改情况书面报督查室。",
    "2.各网格长要落实网格巡查和首问负责制度，对交办案件做到按时处置、及时反馈，"
    "杜绝超期、推诿和虚假办结。",
    "3.督查室将对本期通报案件进行跟踪复查，对连续两周排名后三位或同一问题反复返工的社区，"
    "约谈社区负责人，并纳入年度网格化管理考核。",
)


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    style: str = BODY


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    weight: float  # its share of the width the fitted columns leave
    centred: bool = False
    fit: bool = False  # as wide as its widest line (case numbers must not break)


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Paragraph | Table


@dataclass(frozen=True, slots=True)
class NoticeDocument:
    office: str  # 发文机关: 商都路办事处网格化管理督查室
    serial: str  # 第47期
    title: str
    title_lines: tuple[str, ...]  # where a clerk breaks it: after the week, before the subject
    day: date  # 成文日期
    recipients: str  # 主送: 各社区、各网格：
    blocks: tuple[Block, ...]
    cc: str  # 抄送 line of the 版记 (its 印发 line: the office and the day)


OVERDUE_COLUMNS = (
    Column("案件编号", 0, fit=True),
    Column("问题", 27),
    Column("所在网格", 12),
    Column("责任网格长", 0, centred=True, fit=True),
    Column("类别", 9),
    Column("处置时限", 0, centred=True, fit=True),
    Column("超期情况", 14),
)
REWORK_COLUMNS = (
    *OVERDUE_COLUMNS[:6],
    Column("返工", 0, centred=True, fit=True),
    Column("当前状态", 0, centred=True, fit=True),
)
RANKING_COLUMNS = (
    Column("排名", 6, centred=True),
    Column("网格", 18),
    Column("得分", 9, centred=True),
    Column("等级", 7, centred=True),
    Column("结案率", 11, centred=True),
    Column("按期结案率", 13, centred=True),
    Column("超期", 7, centred=True),
    Column("变化", 10, centred=True),
)
DIGITS = "零一二三四五六七八九"


class PersonLike(Protocol):
    @property
    def name(self) -> str: ...


class NoticeCaseLike(Protocol):
    """A case of the notice: the store's `NoticeCase`."""

    @property
    def case_no(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def grid2_code(self) -> str: ...
    @property
    def grid_name(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def state(self) -> object: ...
    @property
    def due_at(self) -> datetime | None: ...
    @property
    def handled_at(self) -> datetime | None: ...
    @property
    def reworks(self) -> int: ...
    @property
    def overdue(self) -> bool: ...
    @property
    def leader(self) -> PersonLike | None: ...


@dataclass(frozen=True, slots=True)
class NoticeFacts:
    """What the notice is made of, read from the store by the caller."""

    street: str  # 商都路办事处
    period: Period  # an ISO week
    asof: datetime  # the week's end, or now while it runs
    today: date  # the day it is issued
    cases: Sequence[NoticeCaseLike]  # overdue or reworked, grid by grid
    leaders: Mapping[str, PersonLike | None]  # level-2 grid code -> its leader
    rows: Sequence[Mapping[str, Any]]  # `stats --by grid2` rows
    total: Mapping[str, Any]  # and their total


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 14 -> 十四, 21 -> 二十一 (the 序号 of （一）, up to 99)."""
    tens, ones = divmod(n, 10)
    if not tens:
        return DIGITS[ones]
    return f"{DIGITS[tens] if tens > 1 else ''}十{DIGITS[ones] if ones else ''}"


def day_text(day: date, year: bool = True) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if year else f"{day.month}月{day.day}日"


def _time_text(value: datetime | None) -> str:
    """On two lines of a narrow column: 11月10日 / 14:40."""
    return "—" if value is None else f"{value.month}月{value.day}日\n{value:%H:%M}"


def _rate(value: float | None) -> str:
    return "—" if value is None else percent(Fraction(value).limit_denominator(10**9))


def _span(delta: timedelta) -> str:
    """A lateness as a clerk writes it: 2天3小时, 5小时, 不足1小时."""
    hours = int(delta.total_seconds() // 3600)
    days, hours = divmod(hours, 24)
    if days and hours:
        return f"{days}天{hours}小时"
    if days:
        return f"{days}天"
    return f"{hours}小时" if hours else "不足1小时"


def lateness(case: NoticeCaseLike, asof: datetime) -> str:
    if case.due_at is None:
        return "—"
    if case.handled_at is not None and case.handled_at > case.due_at:
        return f"逾期{_span(case.handled_at - case.due_at)}处置"
    return f"未处置，已超期{_span(asof - case.due_at)}"


def notice_serial(period: Period) -> str:
    return f"第{period.start.isocalendar().week}期"


def notice_title_lines(period: Period) -> tuple[str, str]:
    year, week, _ = period.start.isocalendar()
    return f"关于{year}年第{week}周", "网格化管理工作情况的督查通报"


def notice_title(period: Period) -> str:
    return "".join(notice_title_lines(period))


def _week_span(facts: NoticeFacts) -> str:
    first, last = facts.period.start.date(), (facts.period.end - timedelta(days=1)).date()
    year, week, _ = first.isocalendar()
    span = f"{year}年第{week}周（{day_text(first, year=False)}至{day_text(last, year=False)}）"
    if facts.asof < facts.period.end:  # the week still runs: say when it was counted
        span += f"，截至{day_text(facts.asof.date(), year=False)}{facts.asof.hour}时"
    return span


def _overview(facts: NoticeFacts, n_reworked: int) -> Paragraph:
    t = facts.total
    n_grids = len({c.grid2_code for c in facts.cases if c.overdue})
    clauses = [f"{_week_span(facts)}，全街道新增案件{t['new']}件，办结{t['closed_in_period']}件"]
    if t["due"]:
        clauses += [
            f"本周应结案{t['due']}件，已结案{t['closed']}件，结案率{_rate(t['closing_rate'])}，"
            f"按期结案率{_rate(t['ontime_rate'])}",
            f"超期案件{t['overdue']}件，涉及{n_grids}个社区",
            f"应结案案件中返工{t['reworked']}件，返工率{_rate(t['rework_rate'])}",
        ]
    else:
        clauses.append("本周无应结案案件")
    clauses.append(f"本周退回返工的案件{n_reworked}件")
    return Paragraph("；".join(clauses) + "。现将有关情况通报如下。")


def _case_cells(case: NoticeCaseLike) -> tuple[str, ...]:
    leader = case.leader.name if case.leader else "—"
    return (
        case.case_no,
        case.description,
        case.grid_name,
        leader,
        case.category,
        _time_text(case.due_at),
    )


def _per_grid(
    facts: NoticeFacts,
    cases: Sequence[NoticeCaseLike],
    what: str,
    columns: tuple[Column, ...],
    cells: Callable[[NoticeCaseLike], tuple[str, ...]],
) -> list[Block]:
    """（一）南岗社区（责任网格长：冯汉飞），超期2件 and its table, grid after grid."""
    names = {r["code"]: r["name"] for r in facts.rows}
    codes = sorted({c.grid2_code for c in cases})
    blocks: list[Block] = []
    for i, code in enumerate(codes):
        mine = [c for c in cases if c.grid2_code == code]
        leader = facts.leaders.get(code)
        who = f"（责任网格长：{leader.name}）" if leader else ""
        heading = f"（{chinese_number(i + 1)}）{names.get(code, code)}{who}，{what}{len(mine)}件"
        blocks.append(Paragraph(heading, SUBHEADING))
        blocks.append(Table(columns, tuple(cells(c) for c in mine)))
    return blocks


def _overdue_section(facts: NoticeFacts) -> list[Block]:
    cases = [c for c in facts.cases if c.overdue]
    head: list[Block] = [Paragraph("二、超期案件", HEADING)]
    if not cases:
        return [*head, Paragraph("本周无超期案件。")]
    n_grids = len({c.grid2_code for c in cases})
    intro = Paragraph(f"本周超期案件共{len(cases)}件，涉及{n_grids}个社区，具体如下：")

    def cells(c: NoticeCaseLike) -> tuple[str, ...]:
        return (*_case_cells(c), lateness(c, facts.asof))

    return [*head, intro, *_per_grid(facts, cases, "超期", OVERDUE_COLUMNS, cells)]


def _rework_section(facts: NoticeFacts) -> list[Block]:
    cases = [c for c in facts.cases if c.reworks]
    head: list[Block] = [Paragraph("三、返工案件", HEADING)]
    if not cases:
        return [*head, Paragraph("本周无退回返工的案件。")]
    intro = Paragraph(f"本周处置结果经核查不合格、退回返工的案件共{len(cases)}件，具体如下：")

    def cells(c: NoticeCaseLike) -> tuple[str, ...]:
        return (*_case_cells(c), f"{c.reworks}次", str(getattr(c.state, "label", c.state)))

    return [*head, intro, *_per_grid(facts, cases, "返工", REWORK_COLUMNS, cells)]


def _change(value: int | None) -> str:
    if value is None:
        return "—"
    if value == 0:
        return "持平"
    return f"上升{value}位" if value > 0 else f"下降{-value}位"


def ranked(rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Best first; grids without a score (no case due) last."""
    return sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0, r["code"]))


def _ranking_section(facts: NoticeFacts) -> list[Block]:
    rows = ranked(facts.rows)
    cells = tuple(
        (
            "—" if r["rank"] is None else str(r["rank"]),
            str(r["name"]),
            "—" if r["score"] is None else f"{r['score']:.2f}",
            r["grade"] or "—",
            _rate(r["closing_rate"]),
            _rate(r["ontime_rate"]),
            str(r["overdue"]),
            _change(r["rank_change"]),
        )
        for r in rows
    )
    blocks: list[Block] = [
        Paragraph("四、本周排名", HEADING),
        Paragraph("按网格化管理综合考评得分，本周各社区排名如下："),
        Table(RANKING_COLUMNS, cells),
    ]
    scored = [r for r in rows if r["rank"] is not None]
    if len(scored) >= 6:
        top = "、".join(r["name"] for r in scored[:3])
        bottom = "、".join(r["name"] for r in scored[-3:])
        blocks.append(
            Paragraph(
                f"本周排名前三位的是{top}；排名后三位的是{bottom}，"
                "请排名靠后的社区认真查找原因，制定整改措施，切实提升案件办理质效。"
            )
        )
    return blocks


def notice_document(facts: NoticeFacts) -> NoticeDocument:
    office = f"{facts.street}网格化管理督查室"
    n_reworked = sum(1 for c in facts.cases if c.reworks)
    blocks: list[Block] = [
        Paragraph("一、总体情况", HEADING),
        _overview(facts, n_reworked),
        *_overdue_section(facts),
        *_rework_section(facts),
        *_ranking_section(facts),
        Paragraph("五、工作要求", HEADING),
        *(Paragraph(text) for text in REQUIREMENTS),
    ]
    return NoticeDocument(
        office=office,
        serial=notice_serial(facts.period),
        title=notice_title(facts.period),
        title_lines=notice_title_lines(facts.period),
        day=facts.today,
        recipients="各社区、各网格：",
        blocks=tuple(blocks),
        cc="抄送：办事处党工委、办事处主任、分管副主任，各社区党组织。",
    )
