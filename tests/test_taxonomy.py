"""The default taxonomy file and its validation."""

from __future__ import annotations

import json

import pytest

from commandcenter import defaults, paths
from commandcenter.domain.enums import CategoryKind
from commandcenter.domain.errors import TaxonomyError
from commandcenter.domain.taxonomy import load_taxonomy

SPEC_NAMES = set(
    [
        "非法生产",
        "非法经营",
        "非法建设",
        "安全生产",
        "信访稳定",
        "基层组织",
        "公共管理",
        "征地拆迁",
        "党风廉政建设",
        "占道经营",
        "店外经营",
        "广告和门头匾",
        "违法停车",
        "公共设施损坏",
        "电线乱拉乱扯",
        "沿街门面三包",
        "楼院卫生死角",
        "垃圾乱堆",
        "违章搭建",
        "民生诉求",
        "邻里纠纷",
        "困难帮扶",
        "低保",
        "空巢老人",
        "残疾人",
        "卫星图斑核查",
    ]
)


def test_default_taxonomy_holds_every_category_of_the_spec() -> None:
    tax = defaults.taxonomy()
    names = {c.name for c in tax.categories}
    assert names >= SPEC_NAMES
    assert {c.kind for c in tax.categories} == set(CategoryKind)
    for leaf in tax.leaves():
        assert leaf.time_limit and leaf.time_unit and leaf.priority
    departments = {d.name for d in tax.departments}
    assert {"城管执法局", "综合执法中心", "消防大队", "信访办"} <= departments


def _mutated(**changes: object) -> str:
    data = json.loads(paths.default_taxonomy().read_text(encoding="utf-8"))
    leaf = next(c for c in data["categories"] if c["code"] == "CS01")
    leaf.update(changes)
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"time_unit": "hours"}, "category 'CS01': field 'time_unit' is 'hours'"),
        ({"time_limit": -1}, "category 'CS01': field 'time_limit' must be a positive number"),
        ({"department": "XX"}, "category 'CS01': department 'XX' is not listed"),
        ({"parent": "NOPE"}, "category 'CS01': parent 'NOPE' is not a category"),
        ({"colour": "red"}, "category 'CS01': unknown field(s) colour"),
        ({"code": "CS02"}, "duplicate category code(s) CS02"),
    ],
)
def test_errors_name_the_entry_and_the_field(changes: dict, message: str) -> None:
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(_mutated(**changes), source="t.json")
    assert message in str(info.value)


def test_not_json_names_the_line() -> None:
    with pytest.raises(TaxonomyError, match="line 1"):
        load_taxonomy("{nope", source="t.json")
