"""The applicant creates the application, uploads a roster and sees one of the three outcomes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shenbao.applications import services
from shenbao.applications.models import Application, RosterUpload
from shenbao.domain.roster_columns import RosterKind
from shenbao.domain.workflow import Status, TransitionNotAllowed
from tests.applications.conftest import signed_in, url
from tests.downloads.taking import content_of, take_download

pytestmark = pytest.mark.django_db


def test_an_enterprise_creates_one_employee_application_for_the_open_call(enterprise_user, call) -> None:
    first = services.create_application(by=enterprise_user, call=call)
    again = services.create_application(by=enterprise_user, call=call)

    assert first.pk == again.pk
    assert first.kind == "employees"
    assert first.status == Status.DRAFT
    assert first.authority == enterprise_user.organisation.authority
    assert first.events.get().action == "create"


def test_an_institution_creates_a_trainee_application(institution_user, call) -> None:
    assert services.create_application(by=institution_user, call=call).kind == "trainees"


def test_no_application_is_created_outside_the_call_period(enterprise_user, call, today) -> None:
    call.closes_on = today - timedelta(days=1)
    call.save()

    with pytest.raises(TransitionNotAllowed):
        services.create_application(by=enterprise_user, call=call)


def test_the_applicant_home_offers_to_create_the_application_for_the_open_call(enterprise_user, call) -> None:
    client = signed_in(enterprise_user)

    assert "创建" in client.get(url("list")).content.decode()
    response = client.post(url("create"))

    application = Application.objects.get(organisation=enterprise_user.organisation)
    assert response.status_code == 302
    assert response["Location"] == url("detail", application.pk)
    page = client.get(url("list")).content.decode()
    assert application.reference in page
    assert "下载模板" in page


def test_a_file_that_is_no_roster_is_unusable_and_says_what_to_do(
    enterprise_user, application, upload
) -> None:
    job = upload(enterprise_user, application, SimpleUploadedFile("花名册.xlsx", b"not a spreadsheet"))

    assert job.state == RosterUpload.State.UNUSABLE
    assert job.file_problems
    assert application.persons == 0
    page = signed_in(enterprise_user).get(url("roster", application.pk)).content.decode()
    assert "文件无法使用" in page
    assert "官方模板" in page


def test_a_roster_with_a_missing_column_is_unusable(
    enterprise_user, application, upload, employees, tmp_path
):
    from tests import rosters

    path = rosters.write_roster(tmp_path / "t.xlsx", RosterKind.TRAINEES, employees(2))
    job = upload(enterprise_user, application, SimpleUploadedFile("t.xlsx", path.read_bytes()))

    assert job.state == RosterUpload.State.UNUSABLE


def test_rows_with_problems_are_listed_cell_by_cell_with_the_annotated_copy(
    enterprise_user, application, upload, employees, roster_file, django_capture_on_commit_callbacks
) -> None:
    rows = employees(3, row2={"性别": "女"}, row3={"入职日期": "不知道"})
    job = upload(enterprise_user, application, roster_file(rows))

    assert job.state == RosterUpload.State.DONE
    assert application.persons == 3
    assert application.error_rows == 2
    client = signed_in(enterprise_user)
    page = client.get(url("roster", application.pk)).content.decode()
    assert "花名册有错误" in page
    assert "第 3 行「性别」" in page
    assert "不是有效日期" in page
    assert "员工1" not in page  # only the rows with problems by default
    assert "员工1" in client.get(url("roster", application.pk) + "?show=all").content.decode()
    report = take_download(client, url("report", application.pk), django_capture_on_commit_callbacks)
    assert report.status_code == 200
    assert report["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_annotated_copy_marks_the_problem_cells(
    enterprise_user, application, upload, employees, roster_file, django_capture_on_commit_callbacks
):
    import io

    from openpyxl import load_workbook

    upload(enterprise_user, application, roster_file(employees(2, row2={"性别": "女"})))
    report = take_download(
        signed_in(enterprise_user), url("report", application.pk), django_capture_on_commit_callbacks
    )
    content = content_of(report)
    sheet = load_workbook(io.BytesIO(content)).active
    notes = [cell.value for cell in sheet["N"] if cell.value]  # the 问题说明 column after 13 columns

    assert any("性别" in str(note) for note in notes)
    assert sheet["E2"].value == employees(2)[0]["证件号码"]


def test_a_clean_roster_is_ready_and_warnings_do_not_block(
    enterprise_user, application, upload, employees, roster_file
) -> None:
    rows = employees(2, row2={"在职时长（天）": "1"})
    job = upload(enterprise_user, application, roster_file(rows))

    assert job.state == RosterUpload.State.DONE
    assert application.error_rows == 0
    page = signed_in(enterprise_user).get(url("roster", application.pk)).content.decode()
    assert "花名册检查通过" in page
    assert "提醒" in page


def test_the_upload_returns_at_once_and_the_progress_page_polls_until_done(
    enterprise_user, application, employees, roster_file, settings
) -> None:
    from shenbao.applications.uploads import process_upload

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # queued, not run
    client = signed_in(enterprise_user)
    response = client.post(url("upload", application.pk), {"file": roster_file(employees(2))})
    job = RosterUpload.objects.get()
    assert response["Location"] == url("progress", application.pk, job.pk)
    page = client.get(url("progress", application.pk, job.pk)).content.decode()
    assert 'hx-trigger="every 500ms"' in page
    assert "<script>" not in page

    process_upload(job.pk)  # the worker

    polled = client.get(url("progress", application.pk, job.pk), headers={"HX-Request": "true"})
    assert polled["HX-Redirect"] == url("roster", application.pk)


def test_the_blank_templates_are_public(client) -> None:
    assert client.get(url("template", "employees")).status_code == 200
    assert client.get(url("template", "trainees")).status_code == 200
    assert client.get(url("template", "other")).status_code == 404


def test_the_roster_table_shows_a_hundred_rows_a_page(
    enterprise_user, application, upload, employees, roster_file
):
    upload(enterprise_user, application, roster_file(employees(120)))
    client = signed_in(enterprise_user)

    first = client.get(url("roster", application.pk) + "?show=all").content.decode()
    second = client.get(url("roster", application.pk) + "?show=all&page=2").content.decode()

    assert application.persons == 120
    assert "第 1 / 2 页" in first
    assert "员工100<" in first and "员工101<" not in first
    assert "员工120<" in second


def test_rows_that_are_not_persons_are_listed_with_the_file_warnings_and_not_stored(
    enterprise_user, application, upload, employees, roster_file
) -> None:
    rows = [*employees(2), {"序号": "合计", "姓名": "2人"}, {"姓名": "填表人：王五"}]
    job = upload(enterprise_user, application, roster_file(rows))

    assert job.state == RosterUpload.State.DONE
    assert application.persons == 2
    assert application.error_rows == 0
    assert [(w["row"], w["code"], w["severity"]) for w in job.warnings] == [
        (4, "row_total", "warning"),
        (5, "row_sign_off", "warning"),
    ]
    page = signed_in(enterprise_user).get(url("roster", application.pk)).content.decode()
    assert "第 4 行是合计行，未计入人员" in page
