"""Problems stored in words before codes were kept are turned into code and params, rendering the same words."""

from __future__ import annotations

from datetime import date

import pytest

from shenbao.domain.eligibility import Window, row_findings
from shenbao.domain.problem_stored import from_old_form
from shenbao.domain.problem_text import render_stored
from shenbao.domain.problems import Problem, ProblemCode, make_file_problem, make_problem

_OLD = [
    make_problem(
        ProblemCode.ID_CHECK_CHARACTER, row=12, column="证件号码", value="110101********1234", expected="X"
    ),
    make_problem(ProblemCode.ID_DUPLICATE, row=9, column="证件号码", value="110101********1234", first_row=3),
    make_problem(ProblemCode.REQUIRED_MISSING, row=4, column="姓名"),
    make_problem(ProblemCode.ROW_TOTAL, row=17),
    make_problem(
        ProblemCode.DATE_AFTER_REFERENCE, row=5, column="入职日期", value="2027-01-01", reference="2026-03-01"
    ),
    make_problem(ProblemCode.VALUE_NOT_ALLOWED, row=6, column="性别", value="M", allowed="男、女"),
    make_file_problem(ProblemCode.FILE_TOO_LARGE, {"detail": "31.2 MB", "limit": "30 MB"}),
]


def _findings() -> list[Problem]:
    window = Window(hired_from=date(2025, 1, 1), hired_to=date(2025, 12, 31), reference_date=date(2026, 3, 1))
    values = {"入职日期": "2024-12-31", "是否在职": "否", "离职日期": "2026-02-28"}
    return row_findings(values, window=window, organisation_code=None, tenure_days=30)


@pytest.mark.parametrize("problem", [*_OLD, *_findings()], ids=lambda p: str(p.code))
def test_a_problem_stored_with_its_message_only_gets_its_params_back(problem: Problem) -> None:
    old = problem.as_dict()  # how rows stored problems before: code and Chinese words, no params
    new = from_old_form(old)
    assert "message" not in new and "text" not in new
    assert new["code"] == str(problem.code)
    assert render_stored(new, "zh") == problem.message
    assert render_stored(new, "en") == render_stored(problem.stored(), "en")


def test_a_finding_stored_with_its_params_just_loses_the_message() -> None:
    finding = _findings()[0]
    new = from_old_form(finding.as_dict() | {"params": dict(finding.params)})
    assert new == finding.stored() | {"row": None, "value": ""}


def test_words_no_template_gives_are_kept_and_shown_as_they_were() -> None:
    old = {
        "row": 3,
        "column": "姓名",
        "code": "required_missing",
        "severity": "error",
        "message": "旧版的说明",
    }
    new = from_old_form(old)
    assert new["code"] == "required_missing" and new["text"] == "旧版的说明"
    assert render_stored(new, "en") == "旧版的说明"


def test_a_note_without_a_code_gets_the_code_whose_words_it_is() -> None:
    interrupted = make_file_problem(ProblemCode.CHECK_INTERRUPTED, {})
    assert from_old_form({"message": interrupted.message}) == {"code": "check_interrupted", "params": {}}
    refused = from_old_form({"message": "本次上传未生效：申报已提交。"})
    assert refused == {"code": "legacy_text", "params": {}, "text": "本次上传未生效：申报已提交。"}


def test_a_problem_already_in_code_form_is_left_alone() -> None:
    stored = _OLD[0].stored()
    assert from_old_form(stored) == stored


def test_a_problem_still_in_words_is_shown_in_its_words() -> None:
    # Written by an older worker while a deployment runs, before the migration reaches it.
    old = _OLD[1].as_dict()
    assert render_stored(old, "en") == render_stored(old, "zh") == _OLD[1].message
