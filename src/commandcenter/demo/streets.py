"""The demo district (郑东新区) and its street offices; 商都路办事处 is the demo street."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StreetPlan:
    code: str
    name: str
    slug: str  # person codes and demo accounts: shangdu-duty, shangdu-0001, …
    abbrev: str  # case numbers: SD20261123001


DISTRICT_CODE = "410171"
DISTRICT_NAME = "郑东新区"

STREETS: tuple[StreetPlan, ...] = (
    StreetPlan("410171001", "商都路办事处", "shangdu", "SD"),
    StreetPlan("410171002", "祥云办事处", "xiangyun", "XY"),
    StreetPlan("410171003", "博学路办事处", "boxue", "BX"),
    StreetPlan("410171004", "如意湖办事处", "ruyihu", "RY"),
    StreetPlan("410171005", "龙子湖办事处", "longzihu", "LZ"),
    StreetPlan("410171006", "金光路办事处", "jinguang", "JG"),
    StreetPlan("410171007", "杨金路办事处", "yangjin", "YJ"),
    StreetPlan("410171008", "豫兴路办事处", "yuxing", "YX"),
    StreetPlan("410171009", "龙源路办事处", "longyuan", "LY"),
    StreetPlan("410171010", "前程办事处", "qiancheng", "QC"),
)
DEMO_STREET = STREETS[0]

PRESETS = ("shangdu", "district")
