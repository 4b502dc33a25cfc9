"""The district protocol's document (src/commandcenter/district/openapi.yaml, [7/10]) is valid
OpenAPI 3.1 and speaks the domain's language: its enumerations are exactly the domain's roles,
events, states, sources and priorities, and every error answer is the Error schema. (The running
server is held to it when it exists.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

from commandcenter import paths
from commandcenter.domain.enums import CaseState, Priority, Role, Source
from commandcenter.domain.lifecycle import EventType

DOCUMENT = paths.root() / "src" / "commandcenter" / "district" / "openapi.yaml"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    loaded = yaml.safe_load(Path(DOCUMENT).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_the_document_is_valid_openapi(spec: dict[str, Any]) -> None:
    validate(spec)
    assert spec["openapi"].startswith("3.1")


@pytest.mark.parametrize(
    ("schema", "enum"),
    [
        ("Role", Role),
        ("EventType", EventType),
        ("CaseState", CaseState),
    ],
)
def test_enumerations_are_the_domain_s(spec: dict[str, Any], schema: str, enum: Any) -> None:
    assert spec["components"]["schemas"][schema]["enum"] == [m.value for m in enum]


def test_sources_and_priorities_are_the_domain_s(spec: dict[str, Any]) -> None:
    case = spec["components"]["schemas"]["NewCase"]["properties"]
    assert case["source"]["enum"] == [s.value for s in Source]
    assert case["priority"]["enum"] == [p.value for p in Priority]


def test_every_error_answer_is_an_error(spec: dict[str, Any]) -> None:
    responses = spec["components"]["responses"]
    checked = 0
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            for status, response in operation["responses"].items():
                # an answer to HEAD has no body
                if not status.startswith(("4", "5")) or method == "head":
                    continue
                if "$ref" in response:
                    response = responses[response["$ref"].rsplit("/", 1)[-1]]
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, (path, method, status)
                checked += 1
    assert checked >= 15
