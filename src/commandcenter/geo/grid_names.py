"""Plausible, deterministic Chinese names for demo grids: the real communities of 商都路办事处
and made-up communities, villages, blocks, compounds and level-4 parts."""

from __future__ import annotations

import random
from collections.abc import Sequence

__all__ = ["SHANGDU_LEVEL2_NAMES", "GridNamer"]

# The first six are real communities of 商都路办事处. The rest are named after nearby 郑东新区
# roads; names of other street offices or townships (祭城, 圃田, 龙湖, 金光路) are avoided.
SHANGDU_LEVEL2_NAMES: tuple[str, ...] = (
    "东瑞园社区",
    "南岗社区",
    "白佛社区",
    "五州汇富社区",
    "商都路社区",
    "七里河社区",
    "商鼎路社区",
    "众意路社区",
    "聚源路社区",
    "心怡路社区",
    "东风南路社区",
    "永平路社区",
    "康平路社区",
    "通泰路社区",
)


_CN_DIGITS = "零一二三四五六七八九"

# Two-character words for community and compound names; none ends in 路/园/苑/村 so that the
# suffixes below never double up, and none repeats a street office of the demo district.
_WORDS = (
    "金桥", "华庭", "康宁", "和平", "顺河", "福寿", "瑞祥", "安居", "泰和", "兴隆",
    "丰庆", "锦绣", "翠竹", "绿城", "明珠", "宏达", "盛世", "嘉禾", "荣华", "昌盛",
    "永安", "长青", "银河", "朝阳", "春晖", "东明", "北林", "文化", "建设", "工人",
    "友爱", "幸福", "光明", "红旗", "凤凰", "紫荆", "桂花", "海棠", "玉兰", "牡丹",
    "百合", "青松", "柳林", "杨树", "梧桐", "银杏", "育才", "通达", "民航", "电力",
    "纺织", "农科", "黄河", "淮河", "嵩山", "伏牛", "东方", "新华", "南湖", "西苑",
)  # fmt: skip
_LEVEL2_SUFFIXES = ("", "园", "苑", "里", "花园", "新村", "路")
_SURNAMES = (
    "陈", "王", "李", "张", "刘", "杨", "赵", "黄", "周", "吴", "徐", "孙",
    "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
)  # fmt: skip
_VILLAGE_SUFFIXES = ("庄", "寨", "砦", "营", "楼", "岗", "湾")
_COMPOUND_SUFFIXES = ("小区", "家园", "花园", "公寓", "商业街", "大厦", "大院")
_LEVEL4_MAIN = "居民区"
_LEVEL4_OTHERS = ("沿街商铺", "市场", "飞地")
_DIRECTIONS = "东西南北中"


def _cn_number(n: int) -> str:
    """Chinese numeral for 1..99 (一, 十二, 二十, …); larger numbers stay Arabic."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    return str(n)


def _unique(name: str, used: set[str]) -> str:
    k, out = 2, name
    while out in used:
        out, k = f"{name}（{_cn_number(k)}）", k + 1
    return out


class GridNamer:
    """Plausible, deterministic Chinese grid names; level-2 names unique across the district."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        urban = [w + s + "社区" for w in _WORDS for s in _LEVEL2_SUFFIXES]
        villages = [s + v + "村" for s in _SURNAMES for v in _VILLAGE_SUFFIXES]
        self._pool = [n for n in urban + villages if n not in SHANGDU_LEVEL2_NAMES]
        rng.shuffle(self._pool)
        self._used_level2: set[str] = set()
        self._compounds: list[str] = []

    def level2(self, n: int, preferred: Sequence[str]) -> list[str]:
        if len(set(preferred)) != len(preferred):
            raise ValueError("level2_names must be unique")
        names = [p for p in preferred[:n] if p not in self._used_level2]
        self._used_level2.update(names)
        while len(names) < n:
            names.append(self._next_level2())
        return names

    def _next_level2(self) -> str:
        while self._pool:
            name = self._pool.pop()
            if name not in self._used_level2:
                self._used_level2.add(name)
                return name
        # More communities than the pool holds: reuse it with a direction prefix (东金桥社区).
        for d in _DIRECTIONS:
            for w in _WORDS:
                name = f"{d}{w}社区"
                if name not in self._used_level2:
                    self._used_level2.add(name)
                    return name
        name = _unique("新建社区", self._used_level2)
        self._used_level2.add(name)
        return name

    def start_street(self) -> None:
        self._compounds = [w + s for w in _WORDS for s in _COMPOUND_SUFFIXES]
        self._rng.shuffle(self._compounds)

    def level3(self, level2_name: str, count: int, used: set[str]) -> list[str]:
        base = level2_name.removesuffix("社区")
        # Some communities number their grids, some name blocks (东瑞园一区, 陈砦村二组), some
        # name them after the compounds and shopping streets inside.
        style = self._rng.choice(("grid", "zone", "compound"))
        names = []
        for i in range(1, count + 1):
            if style == "zone":
                name = f"{base}{_cn_number(i)}{'组' if base.endswith('村') else '区'}"
            elif style == "compound" and self._compounds:
                name = self._compounds.pop()
            else:
                name = f"{base}第{_cn_number(i)}网格"
            if name in used:
                name = _unique(f"{base}第{_cn_number(i)}网格", used)
            used.add(name)
            names.append(name)
        return names

    def level4(self, parent_name: str, areas: Sequence[float], used: set[str]) -> list[str]:
        """The largest part is the residential area; the others get shops, market, enclave."""
        if not areas:
            return []
        others = self._rng.sample(_LEVEL4_OTHERS, len(areas) - 1)
        largest = max(range(len(areas)), key=lambda i: (areas[i], -i))
        names = []
        for i in range(len(areas)):
            suffix = _LEVEL4_MAIN if i == largest else others.pop(0)
            name = _unique(f"{parent_name}-{suffix}", used)
            used.add(name)
            names.append(name)
        return names
