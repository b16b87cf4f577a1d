"""Runs every case file found beside every catalog edition (``editions/<code>.cases.toml``).

A new edition is a data file plus its case file; this module needs no change for it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from shenbao.domain.catalog import (
    CASES_SUFFIX,
    EDITIONS_DIR,
    FiguresError,
    assess,
    list_editions,
    load_edition,
    parse_figures,
)

MIN_CASES = 40
CASE_KEYS = {"name", "figures", "unset", "expected", "error", "explanation_contains"}
EXPECTED_KEYS = {
    "listed",
    "tests_met",
    "export_tier",
    "key_cultivation",
    "conditions",
    "provisional",
    "potential_fields",
}


def _case_files() -> list[Path]:
    return sorted(EDITIONS_DIR.glob(f"*{CASES_SUFFIX}"))


def _load(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _cases() -> list[Any]:
    params = []
    for path in _case_files():
        code = path.name.removesuffix(CASES_SUFFIX)
        data = _load(path)
        for case in data["case"]:
            params.append(pytest.param(code, data.get("defaults", {}), case, id=f"{code}: {case['name']}"))
    return params


def _null(value: Any) -> Any:
    """TOML has no null; the case files write "none"."""
    if isinstance(value, Mapping):
        return {key: _null(item) for key, item in value.items()}
    return None if value == "none" else value


def test_every_edition_has_a_case_file_with_enough_cases() -> None:
    editions = list_editions()
    assert editions, "no catalog edition ships with shenbao"
    for code in editions:
        path = EDITIONS_DIR / f"{code}{CASES_SUFFIX}"
        assert path.exists(), f"edition {code} has no case file {path.name}"
        assert len(_load(path)["case"]) >= MIN_CASES, f"{path.name} has fewer than {MIN_CASES} cases"


@pytest.mark.parametrize("path", _case_files(), ids=lambda path: path.name)
def test_case_files_are_well_formed_with_unique_sentence_names(path: Path) -> None:
    data = _load(path)
    assert set(data) <= {"defaults", "case"}
    names = [case["name"] for case in data["case"]]
    assert len(names) == len(set(names)), "case names must be unique"
    for case in data["case"]:
        assert set(case) <= CASE_KEYS, f"{case['name']}: unknown keys {set(case) - CASE_KEYS}"
        assert set(case.get("expected", {})) <= EXPECTED_KEYS, f"{case['name']}: unknown expected keys"
        assert ("expected" in case) != ("error" in case), f"{case['name']}: give either expected or error"
        assert case["name"][0].isupper() and case["name"].endswith("."), f"not a sentence: {case['name']}"


@pytest.mark.parametrize(("code", "defaults", "case"), _cases())
def test_case(code: str, defaults: dict[str, Any], case: dict[str, Any]) -> None:
    edition = load_edition(code)
    obj = {"name": case["name"], **defaults, **case.get("figures", {})}
    for key in case.get("unset", []):
        assert key in obj, f"unset names a field that is not there: {key}"
        del obj[key]

    if "error" in case:
        with pytest.raises(FiguresError) as raised:
            assess(parse_figures(obj), edition)
        assert raised.value.field == case["error"]
        return

    result = assess(parse_figures(obj), edition).to_json()
    expected = case["expected"]
    for key in ("listed", "tests_met", "provisional", "potential_fields"):
        if key in expected:
            assert result[key] == expected[key], key
    for key in ("export_tier", "key_cultivation"):
        for category, tier in _null(expected.get(key, {})).items():
            assert result[key][category] == tier, f"{key}.{category}"  # type: ignore[index]
    for category, conditions in expected.get("conditions", {}).items():
        for kind, status in conditions.items():
            assert result["conditions"][category][kind] == status, f"conditions.{category}.{kind}"  # type: ignore[index]
    explanation = "\n".join(result["explanation"])  # type: ignore[arg-type]
    for text in case.get("explanation_contains", []):
        assert text in explanation
