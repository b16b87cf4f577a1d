"""Every row rule of 附件3/附件4, one parametrized table per rule, asserting problem codes."""

from __future__ import annotations

from datetime import date

import pytest

from shenbao.domain import roster_id_checks
from shenbao.domain.idcard import check_character, check_id_card
from shenbao.domain.problems import ProblemCode, Severity
from shenbao.domain.roster import RosterKind, RosterRow, check_rows

REFERENCE = date(2017, 3, 31)
APPLICANT = "91110000600037341L"


def id_number(region: str = "310115", born: str = "19900307", sequence: int = 123) -> str:
    first17 = f"{region}{born}{sequence:03d}"
    return first17 + check_character(first17)


MAN = id_number()
WOMAN = id_number("310104", "19920115", 246)


def employee(**changes: str) -> dict[str, str]:
    row = {
        "序号": "1",
        "姓名": "张伟",
        "性别": "男",
        "证件类型": "身份证",
        "证件号码": MAN,
        "岗位": "软件工程师",
        "社保缴纳单位": "上海某某信息技术有限公司",
        "社保缴纳单位组织机构代码": APPLICANT,
        "是否本单位帐户缴纳社保": "是",
        "入职日期": "2016-03-01",
        "是否在职": "是",
        "离职日期": "",
        "在职时长（天）": "",
    }
    row.update(changes)
    return row


def trainee(**changes: str) -> dict[str, str]:
    row = {
        "序号": "1",
        "姓名": "张伟",
        "性别": "男",
        "证件类型": "身份证",
        "证件号码": MAN,
        "培训内容": "Java 开发",
        "考核证书名称": "软件设计师",
        "录用企业名称": "上海某某信息技术有限公司",
    }
    row.update(changes)
    return row


def codes(
    kind: RosterKind, *rows: dict[str, str], applicant: str | None = APPLICANT
) -> list[tuple[int | None, str | None, ProblemCode]]:
    roster = [RosterRow(number=n, values=values) for n, values in enumerate(rows, start=3)]
    problems = check_rows(kind, roster, reference_date=REFERENCE, organisation_code=applicant)
    return [(p.row, p.column, p.code) for p in problems]


def test_a_clean_employee_row_has_no_problem() -> None:
    assert codes(RosterKind.EMPLOYEES, employee()) == []


def test_a_clean_trainee_row_has_no_problem() -> None:
    assert codes(RosterKind.TRAINEES, trainee()) == []


@pytest.mark.parametrize(
    "column",
    [
        "姓名",
        "性别",
        "证件类型",
        "证件号码",
        "岗位",
        "社保缴纳单位",
        "社保缴纳单位组织机构代码",
        "是否本单位帐户缴纳社保",
        "入职日期",
        "是否在职",
    ],
)
def test_required_employee_fields(column: str) -> None:
    assert (3, column, ProblemCode.REQUIRED_MISSING) in codes(RosterKind.EMPLOYEES, employee(**{column: ""}))


@pytest.mark.parametrize("column", ["培训内容", "考核证书名称", "录用企业名称", "姓名"])
def test_required_trainee_fields(column: str) -> None:
    assert codes(RosterKind.TRAINEES, trainee(**{column: ""})) == [(3, column, ProblemCode.REQUIRED_MISSING)]


@pytest.mark.parametrize("blank", ["\u3000", "\u00a0", "  "])
def test_ideographic_and_no_break_spaces_count_as_blank(blank: str) -> None:
    assert codes(RosterKind.EMPLOYEES, employee(姓名=blank)) == [(3, "姓名", ProblemCode.REQUIRED_MISSING)]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("性别", "男性"),
        ("性别", "M"),
        ("证件类型", "身份证件"),
        ("是否本单位帐户缴纳社保", "不是"),
        ("是否在职", "Y"),
    ],
)
def test_values_outside_the_allowed_list(column: str, value: str) -> None:
    assert (3, column, ProblemCode.VALUE_NOT_ALLOWED) in codes(
        RosterKind.EMPLOYEES, employee(**{column: value})
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"证件号码": MAN[:17] + ("0" if MAN[17] != "0" else "1")},
            (3, "证件号码", ProblemCode.ID_CHECK_CHARACTER),
        ),
        ({"证件号码": id_number("990000")}, (3, "证件号码", ProblemCode.ID_REGION)),
        ({"证件号码": id_number(born="19900230")}, (3, "证件号码", ProblemCode.ID_BIRTH_DATE)),
        ({"证件号码": "310115900307123"}, (3, "证件号码", ProblemCode.ID_FIRST_GENERATION)),
        ({"证件号码": "3101151990030712"}, (3, "证件号码", ProblemCode.ID_LENGTH)),
        ({"证件号码": "31011519900307123A"}, (3, "证件号码", ProblemCode.ID_FORMAT)),
        ({"证件号码": "3.10115E+17"}, (3, "证件号码", ProblemCode.ID_STORED_AS_NUMBER)),
        ({"性别": "女"}, (3, "性别", ProblemCode.ID_SEX_MISMATCH)),
        ({"证件类型": "护照", "证件号码": "E12"}, (3, "证件号码", ProblemCode.PASSPORT_FORMAT)),
    ],
)
def test_id_number_rules(changes: dict[str, str], expected: tuple[int, str, ProblemCode]) -> None:
    assert codes(RosterKind.EMPLOYEES, employee(**changes)) == [expected]


@pytest.mark.parametrize("number", [MAN.lower(), "３１０１１５１９９００３０７１２３" + MAN[17], f" {MAN} "])
def test_id_numbers_in_lower_case_or_full_width_are_accepted_and_normalised(number: str) -> None:
    assert codes(RosterKind.EMPLOYEES, employee(证件号码=number)) == []


def test_a_woman_with_an_even_17th_digit_passes_the_parity_check() -> None:
    assert codes(RosterKind.TRAINEES, trainee(性别="女", 证件号码=WOMAN)) == []


def test_a_valid_passport_is_not_checked_as_an_id_card() -> None:
    assert codes(RosterKind.TRAINEES, trainee(证件类型="护照", 证件号码="e12345678")) == []


def test_second_occurrence_of_an_id_number_is_an_error_naming_the_first() -> None:
    roster = [
        RosterRow(3, employee()),
        RosterRow(4, employee(证件号码=WOMAN, 性别="女")),
        RosterRow(5, employee()),
    ]
    problems = check_rows(RosterKind.EMPLOYEES, roster, reference_date=REFERENCE)
    assert [(p.row, p.code) for p in problems] == [(5, ProblemCode.ID_DUPLICATE)]
    assert "第 3 行" in problems[0].message


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("60003734-1", []),  # the applicant's legacy organisation code
        ("600037341", []),
        ("60003734-2", [(3, "社保缴纳单位组织机构代码", ProblemCode.ORG_CODE_INVALID)]),
        ("91110000600037341M", [(3, "社保缴纳单位组织机构代码", ProblemCode.ORG_CODE_INVALID)]),
        ("91110000600037342P", [(3, "社保缴纳单位组织机构代码", ProblemCode.ORG_CODE_INVALID)]),
        ("1234", [(3, "社保缴纳单位组织机构代码", ProblemCode.ORG_CODE_INVALID)]),
        (
            "91310115MA1H7GL93U",
            [(3, "社保缴纳单位组织机构代码", ProblemCode.SOCIAL_INSURANCE_OTHER_ORGANISATION)],
        ),
    ],
)
def test_social_insurance_organisation_code(code: str, expected: list[tuple[int, str, ProblemCode]]) -> None:
    assert codes(RosterKind.EMPLOYEES, employee(社保缴纳单位组织机构代码=code)) == expected


def test_another_organisations_code_is_fine_when_not_paid_from_the_applicants_account() -> None:
    row = employee(社保缴纳单位组织机构代码="91310115MA1H7GL93U", 是否本单位帐户缴纳社保="否")
    assert codes(RosterKind.EMPLOYEES, row) == []


def test_another_organisations_code_is_not_flagged_without_an_organisation_code() -> None:
    assert (
        codes(RosterKind.EMPLOYEES, employee(社保缴纳单位组织机构代码="91310115MA1H7GL93U"), applicant=None)
        == []
    )


@pytest.mark.parametrize(
    "text", ["2016-03-01", "2016/3/1", "2016.3.1", "2016年3月1日", "20160301", "2016-03-01 00:00:00"]
)
def test_dates_in_every_usual_form_are_read(text: str) -> None:
    assert codes(RosterKind.EMPLOYEES, employee(入职日期=text)) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"入职日期": "2016-02-30"}, (3, "入职日期", ProblemCode.DATE_INVALID)),
        ({"入职日期": "三月一日"}, (3, "入职日期", ProblemCode.DATE_INVALID)),
        ({"入职日期": "2017-04-01"}, (3, "入职日期", ProblemCode.DATE_AFTER_REFERENCE)),
        ({"是否在职": "否"}, (3, "离职日期", ProblemCode.LEAVE_DATE_MISSING)),
        ({"离职日期": "2016-04-01"}, (3, "离职日期", ProblemCode.LEAVE_DATE_UNEXPECTED)),
        ({"是否在职": "否", "离职日期": "2016-02-01"}, (3, "离职日期", ProblemCode.LEAVE_BEFORE_HIRE)),
        ({"是否在职": "否", "离职日期": "2017-05-01"}, (3, "离职日期", ProblemCode.DATE_AFTER_REFERENCE)),
        ({"在职时长（天）": "三十"}, (3, "在职时长（天）", ProblemCode.TENURE_NOT_A_NUMBER)),
        ({"在职时长（天）": "30"}, (3, "在职时长（天）", ProblemCode.TENURE_MISMATCH)),
        # Beyond 64 bits: still a number of days, still not the computed one.
        ({"在职时长（天）": "99999999999999999999"}, (3, "在职时长（天）", ProblemCode.TENURE_MISMATCH)),
    ],
)
def test_date_and_employment_rules(changes: dict[str, str], expected: tuple[int, str, ProblemCode]) -> None:
    assert codes(RosterKind.EMPLOYEES, employee(**changes)) == [expected]


@pytest.mark.parametrize(
    ("changes", "days"),
    [
        ({"是否在职": "否", "离职日期": "2016-03-31", "在职时长（天）": "30"}, 30),
        ({"在职时长（天）": "395"}, 395),  # still employed: to the reference date
        ({"是否在职": "否", "离职日期": "2016-03-01", "在职时长（天）": "0"}, 0),
        # Dates written as text count the same as ISO dates.
        ({"是否在职": "否", "离职日期": "2016/3/31", "在职时长（天）": "30"}, 30),
        (
            {"入职日期": "2016年3月1日", "是否在职": "否", "离职日期": "20160331", "在职时长（天）": "30天"},
            30,
        ),
        ({"是否在职": "否", "离职日期": "2016-03-31 12:30:00", "在职时长（天）": "30"}, 30),
    ],
)
def test_tenure_counts_days_without_both_ends(changes: dict[str, str], days: int) -> None:
    assert codes(RosterKind.EMPLOYEES, employee(**changes)) == []


def test_tenure_mismatch_is_a_warning_giving_the_computed_value() -> None:
    roster = [RosterRow(3, employee(是否在职="否", 离职日期="2016-03-31", **{"在职时长（天）": "31"}))]
    [problem] = check_rows(RosterKind.EMPLOYEES, roster, reference_date=REFERENCE)
    assert problem.severity is Severity.WARNING
    assert "30 天" in problem.message


def test_every_problem_is_collected_not_just_the_first() -> None:
    row = employee(姓名="", 性别="男性", 入职日期="2016-02-30", 社保缴纳单位组织机构代码="1234")
    assert {code for _, _, code in codes(RosterKind.EMPLOYEES, row)} == {
        ProblemCode.REQUIRED_MISSING,
        ProblemCode.VALUE_NOT_ALLOWED,
        ProblemCode.DATE_INVALID,
        ProblemCode.ORG_CODE_INVALID,
    }


def test_messages_name_the_row_and_column_and_say_what_to_do() -> None:
    roster = [RosterRow(12, employee(证件号码=MAN[:17] + ("0" if MAN[17] != "0" else "1")))]
    [problem] = check_rows(RosterKind.EMPLOYEES, roster, reference_date=REFERENCE)
    assert problem.message.startswith("第 12 行「证件号码」：")
    assert "请核对" in problem.message


def test_blank_id_numbers_are_not_duplicates_of_each_other_but_real_duplicates_still_are() -> None:
    roster = [
        RosterRow(3, employee(证件号码="")),
        RosterRow(4, employee(证件号码="")),
        RosterRow(5, employee()),
        RosterRow(6, employee()),
    ]
    problems = check_rows(RosterKind.EMPLOYEES, roster, reference_date=REFERENCE)
    assert [(p.row, p.code) for p in problems] == [
        (3, ProblemCode.REQUIRED_MISSING),
        (4, ProblemCode.REQUIRED_MISSING),
        (6, ProblemCode.ID_DUPLICATE),
    ]


def test_id_card_rules_find_the_same_in_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """The card rules run 25,000 rows at a time: a row's problem does not depend on its batch."""
    rows = [
        employee(),
        employee(证件号码=MAN[:17] + ("0" if MAN[17] != "0" else "1")),  # check character
        employee(性别="女"),  # sex mismatch
        employee(证件号码=id_number(region="990000")),  # unknown region
        employee(证件号码=WOMAN, 性别="女"),
        employee(证件号码=id_number(born="19900230")),  # impossible birth date
        employee(证件号码=WOMAN),  # sex mismatch
    ]
    whole = codes(RosterKind.EMPLOYEES, *rows)
    assert {code for _, _, code in whole} >= {
        ProblemCode.ID_CHECK_CHARACTER,
        ProblemCode.ID_SEX_MISMATCH,
        ProblemCode.ID_REGION,
        ProblemCode.ID_BIRTH_DATE,
    }
    monkeypatch.setattr(roster_id_checks, "_BATCH", 2)
    assert codes(RosterKind.EMPLOYEES, *rows) == whole


def _wrong_check(first17: str) -> str:
    return first17 + ("1" if check_character(first17) != "1" else "2")


def test_a_number_failing_several_card_rules_gets_only_the_first() -> None:
    """Region, then birth date, then check character, then 性别: one problem a row, whichever rules fail
    after the first (the rules run side by side, each in its own column), as check_id_card orders them."""
    numbers = [
        _wrong_check("990000" + "19900230" + "123"),  # region, birth date and check character all wrong
        _wrong_check("310115" + "19900230" + "123"),  # birth date and check character
        _wrong_check("310115" + "19900307" + "123"),  # check character (and 性别 女 for an odd 17th digit)
        MAN,  # only 性别 女 for an odd 17th digit
    ]
    rows = [employee(证件号码=number, 性别="女") for number in numbers]
    found = codes(RosterKind.EMPLOYEES, *rows)
    assert found == [
        (3, "证件号码", ProblemCode.ID_REGION),
        (4, "证件号码", ProblemCode.ID_BIRTH_DATE),
        (5, "证件号码", ProblemCode.ID_CHECK_CHARACTER),
        (6, "性别", ProblemCode.ID_SEX_MISMATCH),
    ]
    first = [check_id_card(number, reference_date=REFERENCE) for number in numbers[:3]]
    assert [finding[0] for finding in first if finding] == [code for _, _, code in found[:3]]
