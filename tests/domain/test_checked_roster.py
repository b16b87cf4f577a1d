"""One entry checks a roster, from a file or from rows edited online: same values, tenure, problems, findings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from shenbao.domain.checked_roster import check_roster
from shenbao.domain.eligibility import FindingCode, Window
from shenbao.domain.idcard import check_character
from shenbao.domain.problems import ProblemCode
from shenbao.domain.roster import RosterKind, RosterRow

FILES = Path(__file__).parents[1] / "files" / "rosters"
WINDOW = Window(hired_from=date(2016, 1, 1), hired_to=date(2016, 12, 31), reference_date=date(2017, 3, 31))
OWN = "91110000600037341L"


def id_number(sequence: int) -> str:
    first17 = f"31011519900307{sequence:03d}"
    return first17 + check_character(first17)


def employee(**changes: str) -> dict[str, str]:
    row = {
        "序号": "1",
        "姓名": "张伟",
        "性别": "男",
        "证件类型": "身份证",
        "证件号码": id_number(123),
        "岗位": "软件工程师",
        "社保缴纳单位": "上海某某信息技术有限公司",
        "社保缴纳单位组织机构代码": OWN,
        "是否本单位帐户缴纳社保": "是",
        "入职日期": "2016/3/1",
        "是否在职": "是",
        "离职日期": "",
        "在职时长（天）": "",
    }
    row.update(changes)
    return row


def test_an_edited_row_is_checked_as_an_uploaded_one_with_tenure_and_iso_dates() -> None:
    [row] = check_roster(
        [RosterRow(5, employee())], kind=RosterKind.EMPLOYEES, window=WINDOW, organisation_code=OWN
    ).rows()
    assert row.number == 5
    assert row.values["入职日期"] == "2016-03-01"
    assert row.tenure_days == (date(2017, 3, 31) - date(2016, 3, 1)).days
    assert row.problems == () and row.findings == ()
    assert not row.has_errors


def test_a_row_without_errors_carries_its_eligibility_findings() -> None:
    [row] = check_roster(
        [RosterRow(5, employee(入职日期="2015-06-01"))],
        kind=RosterKind.EMPLOYEES,
        window=WINDOW,
        organisation_code=OWN,
    ).rows()
    assert [f.code for f in row.findings] == [FindingCode.HIRED_BEFORE_WINDOW]


def test_a_row_with_errors_has_no_findings_and_says_so() -> None:
    [row] = check_roster(
        [RosterRow(5, employee(入职日期="2015-06-01", 性别="女"))],
        kind=RosterKind.EMPLOYEES,
        window=WINDOW,
        organisation_code=OWN,
    ).rows()
    assert [p.code for p in row.problems] == [ProblemCode.ID_SEX_MISMATCH]
    assert row.has_errors and row.findings == ()


def test_an_edited_row_repeating_a_stored_person_is_a_duplicate_naming_the_first_row() -> None:
    checked = check_roster(
        [RosterRow(7, employee())],
        kind=RosterKind.EMPLOYEES,
        window=WINDOW,
        organisation_code=OWN,
        duplicate_of={7: 3},
    )
    [row] = checked.rows()
    [problem] = row.problems
    assert problem.code is ProblemCode.ID_DUPLICATE
    assert (
        problem.message == f"第 7 行「证件号码」：证件号码 {id_number(123)} 与第 3 行重复，同一人只能填写一次"
    )
    assert row.has_errors


def test_a_file_gives_the_same_rows_in_batches() -> None:
    checked = check_roster(
        FILES / "employees_clean.xlsx", kind=RosterKind.EMPLOYEES, window=WINDOW, organisation_code=OWN
    )
    assert checked.is_usable and checked.row_count > 2
    everything = checked.rows()
    assert checked.rows(0, 2) + checked.rows(2) == everything
    assert all(row.tenure_days is not None for row in everything)
