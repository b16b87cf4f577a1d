"""Every problem code has words in every language, and a stored problem is rendered in the language asked."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest

from shenbao.domain.eligibility import FindingCode, Window, row_findings
from shenbao.domain.problem_kinds import KIND_TITLES, KIND_TITLES_EN, kind_title
from shenbao.domain.problem_text import (
    LANGUAGES,
    TABLES,
    StoredWords,
    all_codes,
    language_of,
    render,
    render_stored,
)
from shenbao.domain.problem_text_detail import english_detail
from shenbao.domain.problems import ProblemCode, make_problem
from shenbao.domain.roster_columns import KIND_LABELS

_FIELD = re.compile(r"\{(\w+)\}")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def test_no_two_areas_share_a_code_value() -> None:
    assert len(all_codes()) == len(set(all_codes()))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_code_has_words_in_every_language(language: str) -> None:
    assert sorted(all_codes()) == sorted(TABLES[language])


@pytest.mark.parametrize("code", all_codes())
def test_the_english_words_use_only_placeholders_the_chinese_fills(code: str) -> None:
    chinese = set(_FIELD.findall(TABLES["zh"][code])) | {"row", "column", "value"}
    assert set(_FIELD.findall(TABLES["en"][code])) <= chinese


@pytest.mark.parametrize("code", all_codes())
def test_every_code_renders_in_english(code: str) -> None:
    params = {name: "1" for name in _FIELD.findall(TABLES["zh"][code])}
    text = render(code, params, language="en")
    assert text and "{" not in text


def test_a_stored_roster_problem_is_shown_in_english_on_an_english_page() -> None:
    stored = make_problem(ProblemCode.ID_CHECK_CHARACTER, row=12, column="证件号码", expected="X").stored()
    assert (
        render_stored(stored, "zh")
        == "第 12 行「证件号码」：身份证号码校验位不正确（按前 17 位应为 X），请核对证件号码"
    )
    english = render_stored(stored, language_of("en-gb"))
    assert (
        english
        == "Row 12, column 证件号码: The check character is wrong (the first 17 digits give X): check the number"
    )


def test_a_stored_finding_is_shown_in_english_with_its_dates() -> None:
    window = Window(hired_from=date(2025, 1, 1), hired_to=date(2025, 12, 31), reference_date=date(2026, 3, 1))
    [finding] = row_findings(
        {"入职日期": "2024-12-31"}, window=window, organisation_code=None, tenure_days=None
    )
    assert finding.code is FindingCode.HIRED_BEFORE_WINDOW
    assert (
        render_stored(finding.stored(), "zh")
        == finding.message
        == "入职日期 2024年12月31日 早于本批次计入范围的起始日 2025年1月1日"
    )
    assert (
        render_stored(finding.stored(), "en")
        == "Hired on 2024-12-31, before this call's window opens on 2025-01-01"
    )
    assert not _HAN.search(render_stored(finding.stored(), "en"))


def test_an_optional_part_is_left_out_without_its_value() -> None:
    assert (
        render("left_before_reference", {"left_on": "2026-02-28", "tenure_days": None})
        == "已于 2026年2月28日 离职"
    )
    assert (
        render("left_before_reference", {"left_on": "2026-02-28", "tenure_days": 30})
        == "已于 2026年2月28日 离职，在职 30 天"
    )


def test_a_problem_stored_before_codes_shows_its_old_words() -> None:
    assert render_stored({"code": "legacy_text", "params": {"text": "旧的说明"}}, "en") == "旧的说明"


# Reasons other rules hand a problem in Chinese ({detail}): each phrase has English words.

_DOMAIN = Path(__file__).resolve().parents[2] / "shenbao" / "domain"
# The reason's argument in calls that give one: a problem's {detail} (the catalog import passes a
# FiguresError's message on as its detail).
_REASON_CALLS = {"unreadable": 1, "InvalidIdentifier": 0, "FiguresError": 1}


def _sample(node: ast.expr) -> str | None:
    """A literal or f-string as it reads with its fields filled (12), or None if it is neither."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(str(part.value) if isinstance(part, ast.Constant) else "12" for part in node.values)
    return None


def _reasons_in(tree: ast.AST) -> list[str]:
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            found += [keyword.value for keyword in node.keywords if keyword.arg == "detail"]
            called = node.func.id if isinstance(node.func, ast.Name) else ""
            if called in _REASON_CALLS and len(node.args) > _REASON_CALLS[called]:
                found.append(node.args[_REASON_CALLS[called]])
        elif isinstance(node, ast.Dict):
            found += [
                v for k, v in zip(node.keys, node.values, strict=True) if getattr(k, "value", "") == "detail"
            ]
        elif isinstance(node, ast.Assign) and any(
            getattr(t, "id", "") in ("DAMAGED", "detail") for t in node.targets
        ):
            found.append(node.value)
    return [text for node in found if (text := _sample(node)) is not None and _HAN.search(text)]


def _domain_reasons() -> list[str]:
    return sorted(
        {
            reason
            for path in _DOMAIN.rglob("*.py")
            if path.name != "catalog.py"  # its "detail" is a line of the catalog's explanation, not a param
            for reason in _reasons_in(ast.parse(path.read_text("utf-8")))
        }
    )


def test_the_scan_finds_the_reasons_rules_give() -> None:
    reasons = _domain_reasons()
    assert "共 12 行" in reasons and "压缩包已损坏" in reasons and len(reasons) > 20


@pytest.mark.parametrize("reason", _domain_reasons())
def test_every_reason_a_rule_gives_has_english_words(reason: str) -> None:
    assert not _HAN.search(english_detail(reason)), english_detail(reason)


@pytest.mark.parametrize("label", KIND_LABELS.values())
def test_a_roster_kind_s_name_has_english_words(label: str) -> None:
    english = render("kind_mismatch", {"detail": label, "expected": label}, language="en")
    assert "申请表" not in english


def test_a_file_problem_reads_in_english_with_its_reason() -> None:
    assert (
        render("file_too_many_rows", {"detail": "共 120001 行", "limit": 100000}, language="en")
        == "More than 100000 rows (120001 rows): split the roster into several files"
    )


def test_a_refusal_names_the_status_and_the_actions_in_the_page_s_language() -> None:
    # The flow fills {status}, {action} and {allowed} with Chinese labels; a code works the same.
    params = {"status": "已提交，待审核", "action": "撤回", "allowed": "审核通过、退回补正"}
    assert render("wrong_status", params, language="en") == (
        "The application is “submitted, awaiting review”, so it cannot be “withdraw”."
        " Possible now: accept, return for correction."
    )
    assert render("wrong_status", {**params, "status": "submitted"}, language="zh") == (
        "申报当前状态为“已提交，待审核”，不能“撤回”。当前可进行的操作：审核通过、退回补正。"
    )
    # "、"-joined values that are not actions are left as they are.
    assert "男、女" in render("value_not_allowed", {"allowed": "男、女"}, value="M", language="en")


def _stored_variants(code: str) -> list[dict[str, object]]:
    """One code stored many ways: rows, columns, values and params that look alike but read differently."""
    # {row}, {column} and {value} come from the stored problem itself, not its params.
    names = [
        name for name in _FIELD.findall(TABLES["zh"][code]) if name not in ("row", "column", "value")
    ] or ["n"]
    variants: list[dict[str, object]] = []
    for given in ("1", 1, True, 1.0, None, "", "2026-02-28", "submitted", [{"code": code, "params": {}}]):
        for row, column, value in (
            (12, "证件号码", "X"),
            (13, "证件号码", "X"),
            (12, None, 1),
            (None, "", 0),
        ):
            params = {name: given for name in names}
            variants.append(
                {
                    "code": code,
                    "severity": "error",
                    "row": row,
                    "column": column,
                    "value": value,
                    "params": params,
                }
            )
    return variants


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_words_of_many_stored_problems_are_those_of_each_alone(language: str) -> None:
    """StoredWords keeps each wording it filled; what it gives must be render_stored's words every time."""
    words = StoredWords(language)
    stored = [variant for code in all_codes() for variant in _stored_variants(code)]
    stored += [
        {"code": "legacy_text", "text": "旧的文字"},
        {"message": "更旧的文字", "row": 3},
        {"code": "unknown"},
    ]
    for data in stored + stored[::-1]:  # again, in the other order, from what it kept
        assert words(data) == render_stored(data, language), data


def test_every_kind_of_problem_has_a_short_name_in_both_languages() -> None:
    assert set(KIND_TITLES_EN) == set(KIND_TITLES)
    assert all(title.isascii() for title in KIND_TITLES_EN.values())
    assert kind_title("id_check_character") == "证件号码校验位错误"
    assert kind_title("id_check_character", "en") == "ID number check character is wrong"
    assert kind_title("a_code_added_later", "en") == "a_code_added_later"
