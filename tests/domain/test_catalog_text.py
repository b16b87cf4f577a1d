"""The catalog decision's explanation is rendered from codes: the same Chinese, and English on an English page."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pytest

from shenbao.domain.catalog import assess, load_edition, parse_figures
from shenbao.domain.problem_text import render_problem
from tests.domain.test_catalog import figures
from tests.domain.test_catalog_cases import _cases

_HAN = re.compile(r"[\u4e00-\u9fff]")


def _quoted(params: Mapping[str, object]) -> list[str]:
    """Text the edition file or the enterprise wrote (titles, sources, names), in parts too: quoted as written."""
    found: list[str] = []
    for value in params.values():
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, Mapping) and isinstance(value.get("params"), Mapping):
            found += _quoted(value["params"])
    return sorted(found, key=len, reverse=True)


@pytest.mark.parametrize(("code", "defaults", "case"), _cases())
def test_every_line_reads_in_english_but_what_the_edition_and_enterprise_wrote(
    code: str, defaults: dict[str, Any], case: dict[str, Any]
) -> None:
    if "error" in case:
        return  # figures refused: no decision, no explanation
    obj = {"name": case["name"], **defaults, **case.get("figures", {})}
    for key in case.get("unset", []):
        del obj[key]
    result = assess(parse_figures(obj), load_edition(code))
    assert [render_problem(line, "zh") for line in result.lines] == result.explanation
    for line in result.lines:
        english = render_problem(line, "en")
        for quoted in _quoted(line.params):
            english = english.replace(quoted, "")
        assert not _HAN.search(english), render_problem(line, "en")


def test_a_listing_test_and_a_condition_in_english() -> None:
    result = assess(
        parse_figures(figures(revenue_usd="3000000", offshore_revenue_usd="1999999")), load_edition("2016")
    )
    test = render_problem(result.tests[0].line, "en")
    assert test.startswith("Listing test (1): outsourcing revenue USD 3,000,000 ≥ USD ")
    assert "offshore clients USD 1,999,999, about 66.66% ≥ 50%: met (" in test
    condition = render_problem(result.categories[0].conditions[0].line, "en")
    assert condition.startswith(
        "ITO condition “engaged in this category of outsourcing”: declared as engaged in "
    )


def test_the_chinese_lines_are_the_ones_the_decision_always_gave() -> None:
    result = assess(parse_figures(figures()), load_edition("2016"))
    assert [render_problem(line, "zh") for line in result.lines] == result.explanation
    assert result.listing_explanation == "结论：满足列入标准（2），列入《指导目录》。"
