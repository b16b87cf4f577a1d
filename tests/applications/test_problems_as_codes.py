"""Stored problems are code and params: shown in the page's language, and older rows migrated (0010)."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from openpyxl import load_workbook

from shenbao.accounts.models import User
from shenbao.applications import services
from shenbao.applications.labels import refusal_text
from shenbao.applications.models import Application, RosterRow, RosterUpload
from shenbao.domain.problem_text import all_codes
from shenbao.domain.problems import ProblemCode, make_file_problem, make_problem
from shenbao.domain.workflow import TransitionNotAllowed
from tests import rosters
from tests.applications.conftest import signed_in, submit, url
from tests.downloads.taking import content_of, take_download

_HAN = re.compile(r"[\u4e00-\u9fff]")


def test_a_stored_row_keeps_codes_and_params_and_no_words_nor_id_number(
    enterprise_user, application, upload, employees, roster_file
) -> None:
    first_id = rosters.valid_id(1)
    upload(enterprise_user, application, roster_file(employees(2, row2={"证件号码": first_id})))

    row = application.rows.get(number=3)
    [problem] = row.problems
    assert problem["code"] == ProblemCode.ID_DUPLICATE and problem["params"] == {"first_row": 2}
    assert "message" not in problem
    assert first_id not in json.dumps(row.problems) and problem["value"] == row.id_masked


def test_an_english_page_shows_a_stored_row_s_problems_in_english(
    enterprise_user, application, upload, employees, roster_file
) -> None:
    upload(enterprise_user, application, roster_file(employees(3, row3={"入职日期": "不知道"})))
    client = signed_in(enterprise_user)

    english = client.get(url("roster", application.pk), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = client.get(url("roster", application.pk), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "Row 4, column 入职日期: “不知道” is not a valid date: write a date such as 2016-03-01" in english
    assert "不是有效日期" not in english
    assert "第 4 行「入职日期」：「不知道」不是有效日期，请填写如 2016-03-01 的日期" in chinese
    # The summary by kind the page opens with names the kind in the page's language too.
    assert "Date not recognised" in english and "日期无法识别" not in english
    assert "日期无法识别" in chinese


def test_the_annotated_copy_is_in_chinese_on_an_english_page(
    enterprise_user, application, upload, employees, roster_file, django_capture_on_commit_callbacks
) -> None:
    upload(enterprise_user, application, roster_file(employees(2, row2={"入职日期": "不知道"})))
    client = signed_in(enterprise_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    report = take_download(client, url("report", application.pk), django_capture_on_commit_callbacks)
    sheet = load_workbook(io.BytesIO(content_of(report))).active
    notes = [str(cell.value) for cell in sheet["N"] if cell.value]

    assert any("不是有效日期" in note for note in notes)
    assert not any("not a valid date" in note for note in notes)


# The migration: rows stored in words before 0010 come out as code and params.

_BEFORE, _AFTER = (
    ("applications", "0009_roster_changes_stored_once"),
    ("applications", "0010_problems_as_codes"),
)


def _migrate(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


def _latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_stored_words_into_codes_and_params(
    enterprise_user: User, application: Application
) -> None:
    duplicate = make_problem(
        ProblemCode.ID_DUPLICATE, row=3, column="证件号码", value="310101********0035", first_row=2
    )
    finding = {
        "code": "left_before_reference",
        "column": "离职日期",
        "message": "已于 2026年2月28日 离职，在职 30 天",
    }
    changed_words = {
        "code": "required_missing",
        "row": 3,
        "column": "姓名",
        "severity": "error",
        "message": "请填写姓名",
    }
    too_large = make_file_problem(ProblemCode.FILE_TOO_LARGE, {"detail": "31.2 MB", "limit": "30 MB"})
    interrupted = "后台处理多次中断，本次上传未生效。请重新上传；如反复出现，请联系所属主管部门。"
    try:
        _migrate(_BEFORE)
        row = RosterRow.objects.create(
            application=application,
            number=3,
            problems=[duplicate.as_dict(), changed_words],
            findings=[finding],
            has_errors=True,
        )
        job = RosterUpload.objects.create(
            application=application,
            token="t" * 32,
            file="x",
            original_name="花名册.xlsx",
            uploaded_by=enterprise_user,
            file_problems=[
                too_large.as_dict(),
                {"message": interrupted},
                {"message": "本次上传未生效：已提交"},
            ],
        )

        _migrate(_AFTER)

        row.refresh_from_db()
        job.refresh_from_db()
        assert row.problems == [
            duplicate.stored(),
            {
                "code": "required_missing",
                "row": 3,
                "column": "姓名",
                "severity": "error",
                "params": {},
                "text": "请填写姓名",
            },
        ]
        assert row.findings == [
            {
                "code": "left_before_reference",
                "column": "离职日期",
                "params": {"left_on": "2026-02-28", "tenure_days": 30},
            }
        ]
        assert job.file_problems == [
            too_large.stored(),
            {"code": "check_interrupted", "params": {}},
            {"code": "legacy_text", "params": {}, "text": "本次上传未生效：已提交"},
        ]
        assert not any("message" in item for item in [*row.problems, *row.findings, *job.file_problems])

        _migrate(_BEFORE)  # going back writes the Chinese words in again
        row.refresh_from_db()
        assert row.problems[0]["message"] == duplicate.message
        assert row.findings[0]["message"] == finding["message"]
    finally:
        _latest()


def test_every_problem_an_upload_stores_is_a_known_code_with_params(
    enterprise_user, application, upload, employees, roster_file, tmp_path
) -> None:
    rows = employees(
        4,
        row2={"性别": "M", "证件号码": rosters.valid_id(1)},
        row3={"入职日期": "不知道", "是否在职": "否"},
        row4={"入职日期": "2001-01-01", "在职时长（天）": "1"},
    )
    done = upload(enterprise_user, application, roster_file(rows))
    unusable = upload(enterprise_user, application, SimpleUploadedFile("x.xlsx", b"not a workbook"))

    stored = [item for row in application.rows.all() for item in [*row.problems, *row.findings]]
    stored += [*done.warnings, *done.file_problems, *unusable.file_problems]
    codes = {item["code"] for item in stored}
    assert {"value_not_allowed", "id_duplicate", "date_invalid", "hired_before_window"} <= codes
    assert unusable.file_problems
    assert codes <= set(all_codes())
    assert all(set(item) <= {"code", "severity", "row", "column", "value", "params"} for item in stored)


def test_a_refusal_reads_in_the_page_s_language(
    enterprise_user, application, upload, employees, roster_file
) -> None:
    upload(enterprise_user, application, roster_file(employees(2, row2={"性别": "M"})))
    services.update_details(by=enterprise_user, application=application, paper_volumes=1, remarks="")
    with pytest.raises(TransitionNotAllowed) as refused:
        submit(enterprise_user, application)

    with translation.override("en"):
        english = refusal_text(refused.value)
    with translation.override("zh-hans"):
        chinese = refusal_text(refused.value)

    assert "1 rows of the roster have errors: correct them online or upload again." in english
    assert not _HAN.search(english)
    assert chinese == refused.value.message
