"""Chinese person names and mainland mobile numbers for demo staff and reporters.

Surnames follow their frequency, leaning towards Henan (王, 张 and 李 are even more common there
than nationally, and 郭, 孙, 牛, 申, 靳, 娄 are typical). Given names mix one- and two-character
names in the styles of the generations who live in a street office's grids: 建国 and 秀英 for
the elderly, 志强 and 丽娟 for the middle-aged, 子轩 and 欣怡 for the young.

All functions draw from the `random.Random` passed in; tables are expanded at import so that a
name costs two or three `rng.choice` calls.
"""

from __future__ import annotations

import random

__all__ = ["MOBILE_PREFIXES", "person_name", "phone", "unique_names"]

# (surname, weight in 1/10 000 of the population, roughly the Henan mix)
_SURNAME_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("王", 950), ("张", 820), ("李", 780), ("刘", 600), ("陈", 380), ("杨", 350),
    ("赵", 300), ("郭", 220), ("孙", 200), ("马", 200), ("周", 180), ("高", 160),
    ("黄", 150), ("吴", 150), ("朱", 150), ("宋", 140), ("徐", 130), ("胡", 120),
    ("韩", 120), ("郑", 110), ("许", 110), ("冯", 110), ("梁", 100), ("曹", 100),
    ("田", 100), ("董", 90), ("程", 90), ("魏", 90), ("贾", 90), ("何", 80),
    ("袁", 80), ("于", 80), ("杜", 80), ("吕", 80), ("任", 80), ("崔", 80),
    ("范", 80), ("闫", 80), ("罗", 70), ("丁", 70), ("付", 70), ("孟", 70),
    ("林", 60), ("谢", 60), ("唐", 60), ("苏", 60), ("姚", 60), ("石", 60),
    ("白", 60), ("段", 60), ("侯", 60), ("史", 60), ("郝", 60), ("武", 60),
    ("常", 60), ("牛", 60), ("邓", 50), ("肖", 50), ("彭", 50), ("蔡", 50),
    ("卢", 50), ("姜", 50), ("夏", 50), ("秦", 50), ("薛", 50), ("潘", 40),
    ("蒋", 40), ("余", 40), ("叶", 40), ("金", 40), ("方", 40), ("尹", 40),
    ("雷", 40), ("贺", 40), ("毛", 40), ("邵", 40), ("孔", 40), ("申", 40),
    ("岳", 40), ("乔", 40), ("樊", 40), ("沈", 30), ("陆", 30), ("汪", 30),
    ("邱", 30), ("江", 30), ("万", 30), ("严", 30), ("戴", 30), ("汤", 30),
    ("靳", 30), ("尚", 30), ("耿", 30), ("聂", 30), ("齐", 30), ("翟", 30),
    ("苗", 30), ("代", 30), ("路", 30), ("曾", 30), ("娄", 20), ("司", 20),
    ("钟", 20), ("谭", 20), ("廖", 20), ("邹", 20), ("熊", 20), ("龙", 20),
    ("陶", 20), ("顾", 20), ("龚", 20), ("钱", 20), ("向", 20), ("焦", 20),
    ("楚", 10), ("黎", 10), ("莫", 10), ("韦", 10), ("欧阳", 5), ("司马", 3),
    ("上官", 2), ("诸葛", 2),
)  # fmt: skip

# Surnames repeated by weight: one `rng.choice` gives the weighted draw (faster than choices()).
_SURNAME_TABLE: tuple[str, ...] = tuple(s for s, w in _SURNAME_WEIGHTS for _ in range(w))
_SURNAMES: tuple[str, ...] = tuple(s for s, _ in _SURNAME_WEIGHTS)
# A flatter mix (weights' square roots) for unique_names() once common surnames are crowded:
# rare surnames become commoner, but 王 still outnumbers 诸葛 thirty to one.
_SURNAME_TABLE_FLAT: tuple[str, ...] = tuple(
    s for s, w in _SURNAME_WEIGHTS for _ in range(round(w**0.5))
)


def _words(text: str) -> list[str]:
    # Name lists are written as space-separated text: a literal list of 60 quoted pairs of
    # characters is much harder to read and check.
    return text.split()


# Whole given names, by gender and generation: these read most natural, so they come first.
_GIVEN_MALE = _words(
    "建国 建军 建华 建设 国强 国庆 国华 卫东 卫国 振华 德明 德胜 长江 富贵 保国 金山 "
    "志强 志刚 志勇 志明 海涛 海军 建平 永刚 永强 红军 晓东 晓明 俊杰 明辉 文博 文涛 "
    "伟 强 磊 军 勇 涛 杰 斌 超 鹏 辉 刚 峰 亮 浩 宇 帅 鑫 "
    "子轩 子豪 浩然 浩宇 宇航 宇轩 梓轩 俊熙 一鸣 博文 皓轩 天佑 沐阳 思远 嘉豪 铭泽 "
    "家豪 晨阳 明轩 子墨 奕辰 佳乐 "
)
_GIVEN_FEMALE = _words(
    "秀英 桂兰 秀兰 玉兰 桂英 秀珍 凤英 玉珍 玉梅 桂芳 淑珍 素梅 秀云 爱华 春花 凤兰 "
    "丽娟 丽华 晓燕 红梅 海燕 艳红 春燕 雪梅 美玲 丽萍 建芳 晓丽 丽丽 婷婷 静静 "
    "芳 娟 敏 静 丽 霞 燕 玲 萍 红 梅 婷 琳 雪 颖 洁 "
    "欣怡 梓涵 子涵 诗涵 雨涵 一诺 语桐 思琪 佳怡 雨萱 可馨 梦瑶 雅琪 心怡 紫萱 若汐 "
    "欣妍 雨彤 佳琪 "
)
# Characters to compose further two-character names when the lists above run short
# (unique_names for a whole district's staff, 150 000 people). Pairs of these mostly read as
# real names; a pair repeated across the lists is kept once.
_FIRST_MALE = (
    "志建国海明永文晓俊子宇浩家鹏立振晨天博伟德少新春金玉红卫正庆兴学长福光宏忠汉嘉耀世守向保"
)
_SECOND_MALE = (
    "强伟军华明勇杰涛斌超鹏飞辉刚平峰磊亮宇轩航阳龙林波东成凯豪生民安全喜庆才祥发旺良奇彬"
)
_FIRST_FEMALE = "秀桂玉丽晓雅欣思梓雨文春海红美静佳诗淑凤素慧梦艳亚彩月晶金小翠爱瑞冬秋巧银惠若可婉"
_SECOND_FEMALE = "英兰芳娟敏静丽霞燕玲萍红梅婷琳雪颖洁涵怡琪欣悦彤娜琴莉倩华云花荣珍香菊艳妮薇"

_COMPOSED: tuple[str, ...] = tuple(
    dict.fromkeys(
        [a + b for a in _FIRST_MALE for b in _SECOND_MALE]
        + [a + b for a in _FIRST_FEMALE for b in _SECOND_FEMALE]
    )
)
_GIVEN_LISTED: tuple[str, ...] = tuple(dict.fromkeys(_GIVEN_MALE + _GIVEN_FEMALE))
_GIVEN_TWO: tuple[str, ...] = tuple(dict.fromkeys(g for g in _GIVEN_LISTED if len(g) == 2))
_GIVEN_WIDE: tuple[str, ...] = tuple(dict.fromkeys(_GIVEN_TWO + _COMPOSED))
# How often person_name() uses a listed name rather than a composed one: listed names are the
# common ones, composed ones add the long tail.
_LISTED_SHARE = 0.6

# Mainland mobile prefixes in real use (China Mobile, Unicom, Telecom, Broadcast), repeated so
# the old 13x/15x/18x ranges, which most people still have, dominate.
MOBILE_PREFIXES: tuple[str, ...] = tuple(
    (
        ("130 131 132 133 134 135 136 137 138 139 " * 4)
        + ("150 151 152 153 155 156 157 158 159 " * 3)
        + ("180 181 182 183 184 185 186 187 188 189 " * 3)
        + "145 147 166 173 175 176 177 178 191 193 195 198 199"
    ).split()
)


def person_name(rng: random.Random) -> str:
    """A realistic name: a frequency-weighted surname and a one- or two-character given name."""
    if rng.random() < _LISTED_SHARE:
        return rng.choice(_SURNAME_TABLE) + rng.choice(_GIVEN_LISTED)
    return rng.choice(_SURNAME_TABLE) + rng.choice(_COMPOSED)


def phone(rng: random.Random) -> str:
    """An 11-digit mainland mobile number with a real prefix, e.g. "13838xxxxxx"."""
    return rng.choice(MOBILE_PREFIXES) + str(rng.randrange(100_000_000)).zfill(8)


def unique_names(rng: random.Random, n: int) -> list[str]:
    """`n` distinct names, resampled on collision (nothing appended, no "张伟2").

    Common surnames run out of natural given names first, so when collisions pile up the draw
    widens, in stages: first the natural mix of person_name(); then a flatter surname mix with
    two-character given names (three-character names are the bulk of real names); last, for a
    whole district (150 000 people), every surname equally often. Raises ValueError when `n`
    is beyond half the name space, where resampling would crawl."""
    capacity = len(_SURNAMES) * len(_GIVEN_WIDE)
    if n > capacity // 2:
        raise ValueError(f"unique_names: n={n} is more than this name pool can give ({capacity})")
    choice = rng.choice

    def natural() -> str:
        return person_name(rng)

    def flat() -> str:
        return choice(_SURNAME_TABLE_FLAT) + choice(_GIVEN_WIDE)

    def uniform() -> str:
        return choice(_SURNAMES) + choice(_GIVEN_WIDE)

    stages = (natural, flat, uniform)
    stage = 0
    draw = natural
    seen: set[str] = set()
    out: list[str] = []
    draws = misses = 0  # in the current stage
    while len(out) < n:
        name = draw()
        draws += 1
        if name in seen:
            misses += 1
            # One miss in five draws: this stage's space is crowded, widen.
            if stage < len(stages) - 1 and misses * 5 > draws + 50:
                stage += 1
                draw = stages[stage]
                draws = misses = 0
            continue
        seen.add(name)
        out.append(name)
    return out
