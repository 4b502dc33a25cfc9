"""How offices type a state, a source and a time limit in a ledger, beside our own labels
([12/20] 10). A word with one meaning is read; a word with several is explained, naming them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .enums import CaseState, Source, TimeUnit

# Words clerks use for a state, beside the labels and values of CaseState.
STATE_WORDS: dict[str, CaseState] = {
    "已整改": CaseState.CLOSED,
    "已完成": CaseState.CLOSED,
    "完成": CaseState.CLOSED,
    "已办结": CaseState.CLOSED,
    "办结": CaseState.CLOSED,
    "已结案": CaseState.CLOSED,
    "已整改到位": CaseState.CLOSED,
    "整改完成": CaseState.CLOSED,
    "整改中": CaseState.DISPATCHED,
    "正在整改": CaseState.DISPATCHED,
    "未整改": CaseState.DISPATCHED,
    "未完成": CaseState.DISPATCHED,
    "处置中": CaseState.DISPATCHED,
    "整改未完成": CaseState.DISPATCHED,
}


def state_of(text: str) -> CaseState | None:
    for state in CaseState:
        if text in (state.value, state.label):
            return state
    return STATE_WORDS.get(text)


# Words for a source with one meaning …
SOURCE_WORDS: dict[str, Source] = {
    "巡查": Source.PATROL,
    "巡查发现": Source.PATROL,
    "日常巡查": Source.PATROL,
    "网格员巡查": Source.PATROL,
    "网格员上报": Source.PATROL,
    "排查": Source.PATROL,
    "排查发现": Source.PATROL,
    "自查": Source.PATROL,
    "热线": Source.HOTLINE,
    "12345": Source.HOTLINE,
    "12345热线": Source.HOTLINE,
    "市长热线": Source.HOTLINE,
    "热线转办": Source.HOTLINE,
    "群众来电": Source.HOTLINE,
    "来电": Source.HOTLINE,
    "群众来访": Source.RECEPTION,
    "来访": Source.RECEPTION,
    "接待点": Source.RECEPTION,
    "代表接待": Source.RECEPTION,
    "上级交办": Source.ASSIGNED,
    "交办": Source.ASSIGNED,
    "区交办": Source.ASSIGNED,
    "领导交办": Source.ASSIGNED,
    "督查": Source.INSPECTION,
    "督导检查": Source.INSPECTION,
    "暗访": Source.INSPECTION,
    "检查发现": Source.INSPECTION,
    "卫星": Source.SATELLITE,
    "图斑": Source.SATELLITE,
    "卫星图斑": Source.SATELLITE,
}
# … and words that could be several: the clerk says which.
SOURCE_CHOICES: dict[str, tuple[Source, ...]] = {
    "群众反映": (Source.HOTLINE, Source.RECEPTION),
    "群众举报": (Source.HOTLINE, Source.RECEPTION),
    "信访": (Source.HOTLINE, Source.RECEPTION, Source.ASSIGNED),
    "其他": tuple(Source),
}


def source_of(text: str) -> Source | tuple[Source, ...] | None:
    """The source a word names, the sources it could name, or None for a word unknown."""
    for source in Source:
        if text in (source.value, source.label):
            return source
    return SOURCE_WORDS.get(text) or SOURCE_CHOICES.get(text)


@dataclass(frozen=True, slots=True)
class TimeLimit:
    """A time limit typed as a duration (3个工作日, 5天, 一周, 24小时): from the 发现时间."""

    amount: int
    unit: TimeUnit

    def __str__(self) -> str:
        words = {
            TimeUnit.WORKING_DAYS: "working days",
            TimeUnit.NATURAL_DAYS: "days",
            TimeUnit.URGENT_HOURS: "hours",
            TimeUnit.WORKING_HOURS: "working hours",
        }
        return f"{self.amount} {words[self.unit]}"


_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}  # fmt: skip
_NUMBER = r"(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})"
_LIMIT = re.compile(
    rf"^(?:限|在)?{_NUMBER}\s*(?:个)?\s*"
    r"(?P<u>工作日|个工作日|自然日|天|日|周|星期|小时|个小时|工作小时)\s*(?:内|以内|之内)?(?:完成|整改)?$"
)
# Words that give no time limit (a standing task, at once): said back with what to type.
NO_LIMIT_WORDS = (
    "长期",
    "长期坚持",
    "持续整改",
    "持续",
    "立即",
    "立行立改",
    "即时",
    "马上",
    "尽快",
)


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _DIGITS[text[1]]
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _DIGITS[tens] * 10 + (_DIGITS[ones] if ones else 0)
    return _DIGITS[text] if len(text) == 1 else -1


def time_limit_of(text: str) -> TimeLimit | None:
    """A duration typed in words, or None when the text is not one."""
    found = _LIMIT.match(re.sub(r"\s+", "", text))
    if found is None:
        return None
    try:
        amount = _number(found["n"])
    except KeyError:
        return None
    if not 1 <= amount <= 365:
        return None
    unit = found["u"].removeprefix("个")
    if unit == "工作日":
        return TimeLimit(amount, TimeUnit.WORKING_DAYS)
    if unit in ("自然日", "天", "日"):
        return TimeLimit(amount, TimeUnit.NATURAL_DAYS)
    if unit in ("周", "星期"):
        return TimeLimit(7 * amount, TimeUnit.NATURAL_DAYS)
    if unit == "工作小时":
        return TimeLimit(amount, TimeUnit.WORKING_HOURS)
    return TimeLimit(amount, TimeUnit.URGENT_HOURS)  # 小时: around the clock
