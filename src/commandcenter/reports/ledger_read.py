"""Reading a rectification ledger typed by hand in Excel (整改台账): the header row found under
whatever title rows sit above it (merged or not), the columns recognised by their usual names
(问题描述, 存在问题, 问题内容 … all mean the same column), blank rows passed over, 序号 ignored
(gaps are fine), and each cell read into what it means — texts trimmed, the date forms clerks type
(2026.11.3, 2026/11/3, 2026-11-03, 11月3日, 2026年11月3日, with or without a time) and real
Excel dates. What cannot be read is a problem of that row and column, in words; nothing here knows
the database (the store checks grids, categories and states)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from ..domain.ledger_words import NO_LIMIT_WORDS, TimeLimit, state_of, time_limit_of
from .ledger import HEADERS

# The canonical column -> the names clerks give it (compared without spaces and brackets).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "序号": ("序号", "序", "No", "No.", "NO"),
    "案件编号": ("案件编号", "案件号", "案卷编号", "案卷号", "工单号", "工单编号", "编号"),
    "问题描述": ("问题描述", "问题内容", "存在问题", "问题", "问题情况", "具体问题", "问题详情"),
    "所属网格": ("所属网格", "网格", "网格名称", "所在网格"),
    "问题类别": ("问题类别", "问题类型", "问题分类", "类别", "类型", "案件类别"),
    "来源": ("来源", "问题来源", "案件来源", "发现方式", "发现渠道"),
    "发现时间": ("发现时间", "发现日期", "上报时间", "上报日期", "排查时间", "排查日期", "日期"),
    "责任网格长": ("责任网格长", "网格长", "责任人"),
    "责任单位": ("责任单位", "责任部门", "处置单位", "承办单位"),
    "整改措施": ("整改措施", "处置措施", "整改举措", "处置结果"),
    "整改时限": ("整改时限", "完成时限", "办理时限", "整改期限", "时限"),
    "整改状态": ("整改状态", "状态", "办理状态", "整改进度", "是否整改"),
    "办结时间": ("办结时间", "完成时间", "整改完成时间", "结案时间", "办结日期"),
    "备注": ("备注", "说明"),
}
# Headers offices give either the measures taken or the state reached: decided by the column's
# values (a column of state words is the state column), and said which reading was taken.
AMBIGUOUS: dict[str, tuple[str, str]] = {
    name: ("整改措施", "整改状态")
    for name in ("整改情况", "处置情况", "办理情况", "完成情况", "整改进展", "进展情况", "落实情况")
}
STATE_SHARE = 0.6  # of a column's filled cells, state words to read it as the state column
REQUIRED = ("问题描述", "所属网格", "问题类别", "发现时间", "整改状态")
DATE_COLUMNS = ("发现时间", "整改时限", "办结时间")
HEADER_SEARCH_ROWS = 15  # the header row is looked for among the sheet's first rows
DATE_FORMS = "2026.11.3, 2026/11/3, 2026-11-03, 11月3日 or 2026年11月3日, optionally with a time"

_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
_SPACES = re.compile(r"[\s\u3000]+")
_DATE = re.compile(
    r"^(?:(?P<y>\d{4})\s*[.\-/年]\s*)?(?P<m>\d{1,2})\s*[.\-/月]\s*(?P<d>\d{1,2})\s*[日号]?"
    r"(?:\s*(?P<H>\d{1,2})\s*[:：时点]\s*(?P<M>\d{1,2})\s*分?(?:\s*[:：]\s*(?P<S>\d{1,2})\s*秒?)?)?$"
)
_EXCEL_EPOCH = datetime(1899, 12, 30)


def normalise_header(text: str) -> str:
    return _SPACES.sub("", _BRACKETS.sub("", text)).rstrip(":：").lower()


_BY_NAME = {
    normalise_header(name): canonical for canonical, names in SYNONYMS.items() for name in names
}
assert set(SYNONYMS) == set(HEADERS)


class LedgerFileError(Exception):
    """The file as a whole cannot be read as a ledger (not a workbook, no header row, a
    required column missing); the message says which."""


@dataclass(frozen=True, slots=True)
class Problem:
    row: int  # the row's number in Excel
    column: str  # the column's header as written in the workbook ('' for the whole row)
    text: str

    def __str__(self) -> str:
        if self.column:
            return f"row {self.row}, column {self.column}: {self.text}"
        return f"row {self.row}: {self.text}"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date typed without its year (11月3日): the year is decided by what the date is."""

    month: int
    day: int
    at: time

    def resolve(self, year: int) -> datetime:
        return datetime.combine(date(year, self.month, self.day), self.at)


CellValue = str | datetime | PartialDate | TimeLimit | None


@dataclass(slots=True)
class SheetRow:
    """One filled row: canonical column -> value (texts trimmed, dates read), and what could not
    be read."""

    row: int
    values: dict[str, CellValue] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # canonical -> as written

    def text(self, column: str) -> str:
        value = self.values.get(column)
        return value if isinstance(value, str) else ""

    def problem(self, column: str, text: str) -> None:
        self.problems.append(Problem(self.row, self.headers.get(column, column), text))


@dataclass(frozen=True, slots=True)
class LedgerSheet:
    sheet: str
    header_row: int
    headers: dict[str, str]  # canonical -> as written in the workbook
    rows: list[SheetRow]
    ignored: tuple[str, ...]  # headers not recognised (their columns are not read)
    # Rows below the table that are its signature or footer (制表人：…, 日期：…, 签字): skipped.
    footers: tuple[int, ...] = ()
    # How a header that could be two columns was read, in words.
    readings: tuple[str, ...] = ()


def read_ledger(path: Path, skip_rows: Sequence[int] = ()) -> LedgerSheet:
    """The ledger on the workbook's 整改台账 sheet, else the first sheet with a ledger's header
    row. Rows in `skip_rows` (Excel's numbers) are not read."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, data_only=True, read_only=True)
    except FileNotFoundError:
        raise LedgerFileError(f"{path}: no such file") from None
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as exc:
        raise LedgerFileError(f"{path}: {_unreadable(path, exc)}") from None
    try:
        sheets = sorted(book.worksheets, key=lambda s: s.title != "整改台账")
        for sheet in sheets:
            if getattr(sheet, "sheet_state", "visible") != "visible":
                continue
            grid = [list(r) for r in sheet.iter_rows(values_only=True)]
            found = _header(grid)
            if found is not None:
                readings = _decide(grid, found)
                return _read(sheet.title, grid, found, frozenset(skip_rows), readings)
    finally:
        book.close()
    raise LedgerFileError(
        f"{path}: no sheet has a ledger's header row (looked for {', '.join(REQUIRED)} among"
        f" the first {HEADER_SEARCH_ROWS} rows)"
    )


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97–2003 (.xls), old Word and the like


def _unreadable(path: Path, error: BaseException) -> str:
    """Why the workbook cannot be read, in words of our own: the library's English ("File is
    not a zip file") says nothing to the clerk who saved it."""
    if isinstance(error, IsADirectoryError):
        return "is a folder, not an Excel workbook"
    if isinstance(error, PermissionError):
        return "cannot be read: no permission to open it"
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        return "cannot be read"
    if head.startswith(_OLE):
        return "an Excel 97–2003 workbook (.xls): save it as an Excel workbook (.xlsx) first"
    if head.startswith(b"PK"):
        return "a damaged Excel workbook: its .xlsx file is cut short or broken"
    if not head:
        return "an empty file, not an Excel workbook (.xlsx)"
    suffix = path.suffix.lower()
    if suffix and suffix != ".xlsx":
        return f"not an Excel workbook (.xlsx) but a {suffix} file: save it as .xlsx first"
    return "not an Excel workbook (.xlsx): a text or another kind of file named .xlsx"


_AMBIGUOUS = {normalise_header(name): pair for name, pair in AMBIGUOUS.items()}


@dataclass(slots=True)
class _Found:
    index: int  # the header row's index in the grid
    columns: dict[int, str]  # column index -> canonical
    ignored: list[str]  # headers not recognised
    ambiguous: dict[int, str]  # column index -> header (read as one of AMBIGUOUS's pair)


def _header(grid: list[list[object]]) -> _Found | None:
    """The best header row: the one naming most columns."""
    best: _Found | None = None
    for r, values in enumerate(grid[:HEADER_SEARCH_ROWS]):
        found = _Found(r, {}, [], {})
        for i, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                continue
            name = normalise_header(value)
            canonical = _BY_NAME.get(name)
            if canonical is not None and canonical not in found.columns.values():
                found.columns[i] = canonical
            elif canonical is None and name in _AMBIGUOUS:
                found.ambiguous[i] = value.strip()
            else:
                found.ignored.append(value.strip())
        named = len(found.columns) + len(found.ambiguous)
        if named >= 3 and (best is None or named > len(best.columns) + len(best.ambiguous)):
            best = found
    return best


def _decide(grid: list[list[object]], found: _Found) -> tuple[str, ...]:
    """Read each ambiguous header as the column its values show (states: 整改状态, else
    整改措施), where that column is not headed already; returns what was decided, in words."""
    readings: list[str] = []
    for i, header in sorted(found.ambiguous.items()):
        measures, state = _AMBIGUOUS[normalise_header(header)]
        cells = [
            str(row[i]).strip()
            for row in grid[found.index + 1 :]
            if i < len(row) and not _blank(row[i]) and not is_footer(row)
        ]
        states = [c for c in cells if state_of(c) is not None]
        share = f"{len(states)} of its {len(cells)} filled cells are states"
        examples = "、".join(list(dict.fromkeys(states))[:3])
        free = [c for c in (measures, state) if c not in found.columns.values()]
        if cells and len(states) >= STATE_SHARE * len(cells) and state in free:
            found.columns[i] = state
            readings.append(f"column {header} read as {state}: {share} ({examples})")
        elif measures in free:
            found.columns[i] = measures
            readings.append(f"column {header} read as {measures}: {share}")
        else:
            found.ignored.append(header)
            readings.append(f"column {header} not read: {measures} and {state} are headed already")
    return tuple(readings)


def _read(
    title: str,
    grid: list[list[object]],
    found: _Found,
    skip: frozenset[int],
    readings: tuple[str, ...],
) -> LedgerSheet:
    header_index, columns, ignored = found.index, found.columns, found.ignored
    header_row = header_index + 1
    written = {c: str(grid[header_index][i]).strip() for i, c in columns.items()}
    missing = [c for c in REQUIRED if c not in written]
    if missing:
        raise LedgerFileError(
            f"sheet {title}, row {header_row}: no column {'、'.join(missing)}"
            f" (the header row has {'、'.join(written.values())})"
        )
    rows: list[SheetRow] = []
    footers: list[int] = []
    for index in range(header_index + 1, len(grid)):
        number = index + 1
        values = grid[index]
        if number in skip:
            continue
        cells = {c: values[i] if i < len(values) else None for i, c in columns.items()}
        filled = {c: v for c, v in cells.items() if not _blank(v)}
        # A blank row, or one with only its 序号 (a numbered template's empty lines).
        if not filled or set(filled) <= {"序号"}:
            continue
        if is_footer(values):
            footers.append(number)
            continue
        row = SheetRow(number, headers=written)
        for column, value in cells.items():
            if column == "序号":
                continue
            row.values[column] = _cell(row, column, value)
        rows.append(row)
    return LedgerSheet(title, header_row, written, rows, tuple(ignored), tuple(footers), readings)


# What an office writes under its ledger: who drew it up, checked it and signed, and when.
_FOOTER = re.compile(
    r"^\s*(制表人|填表人|填报人|审核人|审批人|负责人|经办人|统计人|主管领导|分管领导|单位负责人"
    r"|制表日期|填报日期|报送日期|日期|时间|签字|签名|盖章|（盖章）|\(盖章\))\s*[:：（(]?"
)
_SIGNED = ("签字", "签名", "盖章")


def is_footer(values: Sequence[object]) -> bool:
    """A row below the table that is its signature or footer line: a few texts only, each a
    footer's label (制表人：张三, 日期：2026年11月20日, 负责人签字) — never a case's row."""
    texts = [v for v in values if not _blank(v)]
    if not texts or len(texts) > 4 or not all(isinstance(v, str) for v in texts):
        return False
    return all(_FOOTER.match(str(v)) or any(w in str(v) for w in _SIGNED) for v in texts)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell(row: SheetRow, column: str, value: object) -> CellValue:
    if _blank(value):
        return None
    if column in DATE_COLUMNS:
        return _date(row, column, value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return _SPACES.sub(" ", str(value)).strip()


def _date(row: SheetRow, column: str, value: object) -> CellValue:
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A date Excel stores as a serial number without a date format.
        if 20000 < value < 80000:
            return (_EXCEL_EPOCH + timedelta(days=float(value))).replace(microsecond=0)
        row.problem(column, f"{value!r} is not a date ({DATE_FORMS})")
        return None
    text = str(value).strip()
    if column == "整改时限":  # a date, or a duration from the 发现时间 (3个工作日, 5天, 一周)
        limit = time_limit_of(text)
        if limit is not None:
            return limit
        if any(text.startswith(word) for word in NO_LIMIT_WORDS):
            row.problem(
                column,
                f"{text!r} gives no time limit: type the date it was due ({DATE_FORMS}) or a"
                " duration (3个工作日, 5天, 一周)",
            )
            return None
        got = parse_date_text(text, lambda _words: None)
        if got is None:
            row.problem(
                column,
                f"{text!r} is neither a date ({DATE_FORMS}) nor a time limit"
                " (3个工作日, 5天, 一周)",
            )
        return got
    return parse_date_text(text, lambda words: row.problem(column, words))


def parse_date_text(text: str, problem: Callable[[str], None]) -> CellValue:
    """A typed date (see DATE_FORMS); a wrong one is said through `problem` (None returned)."""
    match = _DATE.match(text.replace("．", ".").replace("／", "/").replace("－", "-"))
    if match is None:
        problem(f"{text!r} is not a date ({DATE_FORMS})")
        return None
    y, m, d = match["y"], int(match["m"]), int(match["d"])
    hour, minute = int(match["H"] or 0), int(match["M"] or 0)
    second = int(match["S"] or 0)
    try:
        at = time(hour, minute, second)
        if y is None:
            date(2000, m, d)  # a leap year: 2月29日 is a date until its year is known
            return PartialDate(m, d, at)
        return datetime.combine(date(int(y), m, d), at)
    except ValueError:
        problem(f"{text!r} is not a date: there is no such day or time")
        return None
