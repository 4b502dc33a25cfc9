"""The rectification ledger (整改台账) as a document, without Qt: its title, its fourteen
columns, the rows (typed values: numbers, texts, times), the signature block and the page set-up.
`render/` draws it (print preview, printer, PDF, PNG); the Excel export writes it. The ledger is
an office's paper: Chinese whatever the window's language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from ..domain.enums import CaseState

Cell = str | int | datetime | None


@dataclass(frozen=True, slots=True)
class LedgerColumn:
    name: str
    weight: float  # its share of the page's width
    centred: bool = False


COLUMNS: tuple[LedgerColumn, ...] = (
    LedgerColumn("序号", 3.2, centred=True),
    LedgerColumn("案件编号", 11),
    LedgerColumn("问题描述", 21),
    LedgerColumn("所属网格", 9),
    LedgerColumn("问题类别", 7),
    LedgerColumn("来源", 6, centred=True),
    LedgerColumn("发现时间", 7.5, centred=True),
    LedgerColumn("责任网格长", 6, centred=True),
    LedgerColumn("责任单位", 8),
    LedgerColumn("整改措施", 12.5),
    LedgerColumn("整改时限", 7.5, centred=True),
    LedgerColumn("整改状态", 5.5, centred=True),
    LedgerColumn("办结时间", 7.5, centred=True),
    LedgerColumn("备注", 9),
)
HEADERS = tuple(c.name for c in COLUMNS)
SIGNATURES = ("网格长", "督查员", "负责人", "日期")
STATE_NAMES = {s.label: s for s in CaseState}


@dataclass(frozen=True, slots=True)
class PageSetup:
    paper: str = "A4"
    landscape: bool = True
    margins_mm: tuple[float, float, float, float] = (
        12.0,
        10.0,
        12.0,
        10.0,
    )  # top right bottom left


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One case: 序号, 案件编号, 问题描述, 所属网格, 问题类别, 来源, 发现时间, 责任网格长,
    责任单位, 整改措施, 整改时限, 整改状态, 办结时间, 备注."""

    cells: tuple[Cell, ...]

    def text(self, column: int) -> str:
        return cell_text(self.cells[column])


@dataclass(frozen=True, slots=True)
class LedgerDocument:
    title: str
    rows: tuple[LedgerRow, ...]
    columns: tuple[LedgerColumn, ...] = COLUMNS
    signatures: tuple[str, ...] = SIGNATURES
    page: PageSetup = field(default_factory=PageSetup)
    unit: str = ""  # 填报单位, under the title
    made_on: date | None = None  # 制表日期 (None: the day it is drawn)

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def day_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def ledger_title(
    street: str, grid: str | None, date_from: date | None, date_to: date | None
) -> str:
    """{街道}{网格}问题整改台账（{起}至{止}）; the grid left out when it is the street itself, the
    period when there is none."""
    place = street + (grid if grid and grid != street else "")
    if date_from is None and date_to is None:
        return f"{place}问题整改台账"
    start = day_text(date_from) if date_from else "开始"
    end = day_text(date_to) if date_to else "至今"
    return f"{place}问题整改台账（{start}至{end}）"


class EntryLike(Protocol):
    """A ledger row's makings: the store's record (its source and state are the domain's
    enums, shown by their labels)."""

    @property
    def case_no(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def grid_name(self) -> str: ...
    @property
    def category_name(self) -> str: ...
    @property
    def source(self) -> object: ...
    @property
    def found_at(self) -> datetime: ...
    @property
    def grid_leader(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def measures(self) -> str: ...
    @property
    def due_at(self) -> datetime | None: ...
    @property
    def state(self) -> object: ...
    @property
    def closed_at(self) -> datetime | None: ...
    @property
    def remark(self) -> str: ...


def _label(value: object) -> str:
    return str(getattr(value, "label", value))


def _minute(value: datetime | None) -> datetime | None:
    """Ledgers show times to the minute: the seconds are not kept on paper or in Excel."""
    return value.replace(second=0, microsecond=0) if value is not None else None


def ledger_document(
    title: str, entries: Sequence[EntryLike], *, unit: str = "", made_on: date | None = None
) -> LedgerDocument:
    rows = tuple(
        LedgerRow(
            (
                n,
                e.case_no,
                e.description,
                e.grid_name,
                e.category_name,
                _label(e.source),
                _minute(e.found_at),
                e.grid_leader,
                e.unit,
                e.measures,
                _minute(e.due_at),
                _label(e.state),
                _minute(e.closed_at),
                e.remark,
            )
        )
        for n, e in enumerate(entries, start=1)
    )
    return LedgerDocument(title=title, rows=rows, unit=unit, made_on=made_on)
