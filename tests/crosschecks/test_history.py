"""The city admin's import of persons supported before shenbao."""

from __future__ import annotations

from datetime import date

import pytest

from shenbao.crosschecks.models import CrossFinding, HistoryImport, PastSupport
from shenbao.crosschecks.services import import_history
from shenbao.domain.crosscheck import CrossCode
from tests import factories
from tests.crosschecks.build import add_row, codes, make_application, make_call, write_history
from tests.rosters import valid_id

pytestmark = pytest.mark.django_db
TODAY = date(2026, 4, 1)


def _import(user, path):  # type: ignore[no-untyped-def]
    with path.open("rb") as handle:
        return import_history(by=user, file=handle, file_name=path.name, today=TODAY)


def _wrong_check_character(number: str) -> str:
    return number[:17] + ("1" if number[17] == "0" else "0")


def _good_rows() -> list[list[object]]:
    return [
        ["身份证", valid_id(1), "王五", "某某信息技术有限公司", 2015, "新录用员工"],
        ["身份证", valid_id(2).lower().replace("X", "x"), "赵六", "某某信息技术有限公司", "2014", "附件3"],
        ["护照", "e1234567", "John Smith", "某某培训学校", 2015, "培训人员"],
    ]


def test_a_history_file_is_imported_with_hashes_and_encrypted_numbers_only(city_admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    outcome = _import(city_admin, write_history(tmp_path / "history.xlsx", _good_rows()))

    assert outcome.is_ok
    assert (outcome.records, outcome.added) == (3, 3)
    stored = PastSupport.objects.get(name="王五")
    assert stored.id_masked == "310101********" + valid_id(1)[-4:]
    assert (stored.year, stored.kind) == (2015, "employees")
    for supported in PastSupport.objects.all():
        for value in vars(supported).values():
            assert valid_id(1) not in str(value) and "E1234567" not in str(value)
    assert PastSupport.objects.get(name="John Smith").kind == "trainees"


def test_importing_the_same_file_twice_changes_nothing(city_admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_history(tmp_path / "history.xlsx", _good_rows())
    _import(city_admin, path)
    before = list(PastSupport.objects.values_list("id", "id_cipher", "source_id"))

    outcome = _import(city_admin, path)

    assert (outcome.records, outcome.added) == (3, 0)
    assert list(PastSupport.objects.values_list("id", "id_cipher", "source_id")) == before
    assert HistoryImport.objects.count() == 1


def test_a_file_with_bad_rows_lists_them_all_and_writes_nothing(city_admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = _good_rows() + [
        ["身份证", _wrong_check_character(valid_id(3)), "甲", "单位", 2015, "新录用员工"],
        ["驾驶证", "123456", "乙", "单位", 2015, "新录用员工"],
        ["身份证", valid_id(4), "", "单位", 2015, "新录用员工"],
        ["身份证", valid_id(5), "丙", "单位", "去年", "新录用员工"],
        ["身份证", valid_id(6), "丁", "单位", 2015, "其他"],
    ]

    outcome = _import(city_admin, write_history(tmp_path / "bad.xlsx", rows))

    assert not outcome.is_ok
    assert [(p.row, p.column) for p in outcome.problems] == [
        (5, "证件号码"),
        (6, "证件类型"),
        (7, "姓名"),
        (8, "年度"),
        (9, "类型"),
    ]
    assert "第 5 行" in outcome.problems[0].message
    assert PastSupport.objects.count() == 0
    assert HistoryImport.objects.count() == 0


def test_a_file_missing_a_column_names_it_and_writes_nothing(city_admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_history(
        tmp_path / "short.xlsx",
        [["身份证", valid_id(1), "王五", 2015, "新录用员工"]],
        headers=["证件类型", "证件号码", "姓名", "年度", "类型"],
    )

    outcome = _import(city_admin, path)

    assert [(p.row, p.column) for p in outcome.problems] == [(None, "单位名称")]
    assert PastSupport.objects.count() == 0


def test_a_file_that_is_not_a_spreadsheet_is_refused(city_admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "history.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")

    outcome = _import(city_admin, path)

    assert not outcome.is_ok
    assert PastSupport.objects.count() == 0


def test_a_person_in_the_history_is_flagged_as_supported_before_with_the_year(city_admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    row = add_row(make_application(factories.make_organisation(number=5), call=make_call(2026)), 1)

    _import(city_admin, write_history(tmp_path / "history.xlsx", _good_rows()))

    assert codes(row) == [CrossCode.SUPPORTED_BEFORE.value]
    assert CrossFinding.objects.get(row=row).past.year == 2015


def test_history_of_trainee_support_does_not_flag_an_employee(city_admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    row = add_row(make_application(factories.make_organisation(number=5)), 1)
    rows = [["身份证", valid_id(1), "王五", "某某培训学校", 2015, "培训人员"]]

    _import(city_admin, write_history(tmp_path / "history.xlsx", rows))

    assert codes(row) == []
