"""Eligibility findings for a well-formed roster row: the hire window, who pays social insurance, leaving."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.cn import uscc

from shenbao.domain.eligibility import FindingCode, Window, make_finding, row_findings
from shenbao.domain.identity import InvalidIdentifier, org_check_char, parse_organisation_code
from shenbao.domain.problems import Problem

WINDOW = Window(hired_from=date(2025, 1, 1), hired_to=date(2025, 12, 31), reference_date=date(2026, 3, 1))


def org_code(first8: str) -> str:
    return first8 + org_check_char(first8)


def credit_code(org: str, region: str = "310115") -> str:
    first17 = f"91{region}{org}"
    return first17 + uscc.calc_check_digit(first17)


OWN_ORG = org_code("12345678")
OWN_CREDIT = credit_code(OWN_ORG)
OTHER_ORG = org_code("87654321")
OTHER_CREDIT = credit_code(OTHER_ORG, region="310104")


def test_the_codes_built_here_are_valid() -> None:
    for code in (OWN_ORG, OWN_CREDIT, OTHER_ORG, OTHER_CREDIT):
        assert parse_organisation_code(code).value == code
    assert parse_organisation_code(OWN_CREDIT).org_code == OWN_ORG


def employee(**changes: str) -> dict[str, str]:
    row = {
        "姓名": "张伟",
        "证件类型": "身份证",
        "社保缴纳单位组织机构代码": OWN_CREDIT,
        "是否本单位帐户缴纳社保": "是",
        "入职日期": "2025-06-01",
        "是否在职": "是",
        "离职日期": "",
    }
    row.update(changes)
    return row


def findings(
    row: dict[str, str], *, organisation_code: str | None = OWN_CREDIT, tenure_days: int | None = None
) -> list[Problem]:
    return row_findings(row, window=WINDOW, organisation_code=organisation_code, tenure_days=tenure_days)


def codes(row: dict[str, str], *, organisation_code: str | None = OWN_CREDIT) -> list[FindingCode]:
    return [f.code for f in findings(row, organisation_code=organisation_code)]


def test_a_person_hired_inside_the_window_paid_by_the_applicant_and_still_employed_has_no_findings() -> None:
    assert findings(employee()) == []


@pytest.mark.parametrize(
    ("hired", "expected"),
    [
        ("2024-12-31", [FindingCode.HIRED_BEFORE_WINDOW]),
        ("2025-01-01", []),
        ("2025-01-02", []),
        ("2025-12-30", []),
        ("2025-12-31", []),
        ("2026-01-01", [FindingCode.HIRED_AFTER_WINDOW]),
    ],
)
def test_the_hire_window_includes_both_of_its_ends(hired: str, expected: list[FindingCode]) -> None:
    assert codes(employee(入职日期=hired)) == expected


def test_hired_before_the_window_names_both_dates_in_chinese() -> None:
    [finding] = findings(employee(入职日期="2024-12-31"))
    assert finding.column == "入职日期"
    assert finding.message == "入职日期 2024年12月31日 早于本批次计入范围的起始日 2025年1月1日"


def test_hired_after_the_window_names_both_dates_in_chinese() -> None:
    [finding] = findings(employee(入职日期="2026-01-01"))
    assert finding.column == "入职日期"
    assert finding.message == "入职日期 2026年1月1日 晚于本批次计入范围的截止日 2025年12月31日"


@pytest.mark.parametrize("hired", ["", "not a date", "2025/6/1"])
def test_a_hire_date_that_is_not_iso_gives_no_window_finding(hired: str) -> None:
    # Rows reach eligibility only once their format is valid; an unreadable date is the format check's.
    assert codes(employee(入职日期=hired)) == []


def test_social_insurance_not_paid_from_the_applicants_account_is_a_finding() -> None:
    [finding] = findings(employee(是否本单位帐户缴纳社保="否"))
    assert finding.code is FindingCode.INSURANCE_NOT_OWN_ACCOUNT
    assert finding.column == "是否本单位帐户缴纳社保"
    assert finding.message == "社保不是由本单位帐户缴纳"


@pytest.mark.parametrize(
    ("payer", "applicant"),
    [
        (OWN_CREDIT, OWN_CREDIT),
        (OWN_ORG, OWN_ORG),
        (OWN_ORG, OWN_CREDIT),
        (OWN_CREDIT, OWN_ORG),
        (f"{OWN_ORG[:8]}-{OWN_ORG[8]}", OWN_CREDIT),
        (OWN_CREDIT.lower(), OWN_CREDIT),
        (credit_code(OWN_ORG, region="310104"), OWN_CREDIT),
    ],
    ids=[
        "same-credit-code",
        "same-org-code",
        "org-code-inside-applicants-credit-code",
        "credit-code-around-applicants-org-code",
        "org-code-with-hyphen",
        "lower-case",
        "credit-code-of-another-region-same-org-code",
    ],
)
def test_a_payer_code_naming_the_applicant_itself_is_no_finding(payer: str, applicant: str) -> None:
    assert codes(employee(社保缴纳单位组织机构代码=payer), organisation_code=applicant) == []


@pytest.mark.parametrize(
    ("payer", "applicant", "named"),
    [
        (OTHER_CREDIT, OWN_CREDIT, OTHER_CREDIT),
        (OTHER_ORG, OWN_CREDIT, OTHER_ORG),
        (OTHER_CREDIT, OWN_ORG, OTHER_CREDIT),
        (f"{OTHER_ORG[:8]}-{OTHER_ORG[8]}", OWN_ORG, OTHER_ORG),
    ],
)
def test_a_payer_code_of_another_organisation_is_a_finding_naming_that_code(
    payer: str, applicant: str, named: str
) -> None:
    [finding] = findings(employee(社保缴纳单位组织机构代码=payer), organisation_code=applicant)
    assert finding.code is FindingCode.INSURANCE_OTHER_PAYER
    assert finding.column == "社保缴纳单位组织机构代码"
    assert finding.message == f"社保缴纳单位代码 {named} 不是申报单位的代码"


def malformed(code: str) -> str:
    wrong = "0" if code[-1] != "0" else "1"
    return code[:-1] + wrong


@pytest.mark.parametrize("code", [OTHER_ORG, OTHER_CREDIT, OWN_CREDIT])
def test_the_malformed_codes_built_here_are_refused_by_the_format_check(code: str) -> None:
    with pytest.raises(InvalidIdentifier):
        parse_organisation_code(malformed(code))


@pytest.mark.parametrize(
    ("payer", "applicant"),
    [
        (malformed(OTHER_ORG), OWN_CREDIT),
        (malformed(OTHER_CREDIT), OWN_CREDIT),
        ("1234567", OWN_CREDIT),
        (OTHER_CREDIT, malformed(OWN_CREDIT)),
        (OTHER_CREDIT, "not a code"),
    ],
    ids=["payer-org-check", "payer-credit-check", "payer-too-short", "applicant-check", "applicant-garbage"],
)
def test_a_malformed_code_gives_no_payer_finding_because_it_is_a_format_problem(
    payer: str, applicant: str
) -> None:
    assert codes(employee(社保缴纳单位组织机构代码=payer), organisation_code=applicant) == []


@pytest.mark.parametrize("applicant", [None, ""])
def test_without_an_organisation_code_no_payer_is_called_another(applicant: str | None) -> None:
    assert codes(employee(社保缴纳单位组织机构代码=OTHER_CREDIT), organisation_code=applicant) == []


def test_a_blank_payer_code_gives_no_payer_finding() -> None:
    assert codes(employee(社保缴纳单位组织机构代码="")) == []


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        ("2026-02-28", [FindingCode.LEFT_BEFORE_REFERENCE]),
        ("2026-03-01", [FindingCode.LEFT_BEFORE_REFERENCE]),
        ("2026-03-02", []),
    ],
)
def test_a_person_who_left_on_or_before_the_reference_date_is_a_finding(
    left: str, expected: list[FindingCode]
) -> None:
    assert codes(employee(是否在职="否", 离职日期=left)) == expected


def test_the_leaving_finding_gives_the_date_and_the_tenure() -> None:
    [finding] = findings(employee(是否在职="否", 离职日期="2026-03-01"), tenure_days=273)
    assert finding.column == "离职日期"
    assert finding.message == "已于 2026年3月1日 离职，在职 273 天"


def test_the_leaving_finding_without_a_tenure_gives_only_the_date() -> None:
    [finding] = findings(employee(是否在职="否", 离职日期="2025-10-08"), tenure_days=None)
    assert finding.message == "已于 2025年10月8日 离职"


def test_a_person_still_employed_is_no_leaving_finding() -> None:
    assert codes(employee(是否在职="是", 离职日期="")) == []


def test_every_problem_of_a_row_is_reported_not_only_the_first() -> None:
    # 是 with another organisation's code: whether 否 should also add the payer finding is not settled.
    row = employee(
        入职日期="2024-06-30",
        是否本单位帐户缴纳社保="是",
        社保缴纳单位组织机构代码=OTHER_ORG,
        是否在职="否",
        离职日期="2026-01-15",
    )
    assert codes(row) == [
        FindingCode.HIRED_BEFORE_WINDOW,
        FindingCode.INSURANCE_OTHER_PAYER,
        FindingCode.LEFT_BEFORE_REFERENCE,
    ]


def test_a_finding_is_stored_as_its_code_column_and_params_not_its_words() -> None:
    finding = make_finding(FindingCode.INSURANCE_OTHER_PAYER, "社保缴纳单位组织机构代码", payer="12345678X")
    assert finding.message == "社保缴纳单位代码 12345678X 不是申报单位的代码"
    assert finding.stored() == {
        "code": "insurance_other_payer",
        "severity": "warning",
        "row": None,
        "column": "社保缴纳单位组织机构代码",
        "value": "",
        "params": {"payer": "12345678X"},
    }


def test_a_row_paid_from_another_account_is_one_finding_not_two() -> None:
    row = employee(是否本单位帐户缴纳社保="否", 社保缴纳单位组织机构代码=OTHER_CREDIT)
    assert codes(row) == [FindingCode.INSURANCE_NOT_OWN_ACCOUNT]
