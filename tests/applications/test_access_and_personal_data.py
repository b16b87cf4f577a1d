"""Nobody reaches another organisation's application, and no plain ID number is stored."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from shenbao.applications import edits, services
from shenbao.applications.models import Application
from shenbao.applications.roster_files import stored_roster_files
from shenbao.domain.workflow import Status
from tests.applications.conftest import signed_in, url
from tests.downloads.taking import take_download
from tests.rosters import valid_id

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def filled(enterprise_user, application, upload, employees, roster_file) -> Application:
    upload(enterprise_user, application, roster_file(employees(2, row2={"性别": "女"})))
    services.add_attachment(
        by=enterprise_user, application=application, upload=SimpleUploadedFile("a.pdf", PDF)
    )
    return application


def every_url(application: Application) -> list[tuple[str, str]]:
    row = application.rows.first()
    upload = application.uploads.first()
    attachment = application.attachments.first()
    pk = application.pk
    return [
        ("get", url("detail", pk)),
        ("get", url("roster", pk)),
        ("post", url("upload", pk)),
        ("get", url("progress", pk, upload.pk)),
        ("get", url("row", pk, row.pk)),
        ("get", url("edit_row", pk, row.pk)),
        ("post", url("edit_row", pk, row.pk)),
        ("get", url("report", pk)),
        ("post", url("add_attachment", pk)),
        ("get", url("attachment", pk, attachment.pk)),
        ("post", url("remove_attachment", pk, attachment.pk)),
        ("post", url("details", pk)),
        ("post", url("submit", pk)),
        ("post", url("withdraw", pk)),
    ]


@pytest.mark.parametrize("persona", ["other_enterprise_user", "institution_user", "other_reviewer"])
def test_no_one_outside_reaches_an_application_by_any_url(request, persona, filled) -> None:
    client = signed_in(request.getfixturevalue(persona))

    for method, address in every_url(filled):
        response = getattr(client, method)(address)
        assert response.status_code == 404, (method, address)
    assert filled.attachments.count() == 1
    assert filled.events.filter(action__in=["submit", "withdraw", "edit_cell"]).count() == 0


def test_the_authority_reviewer_may_download_the_annotated_copy_and_materials_once_submitted(
    reviewer, filled, django_capture_on_commit_callbacks
) -> None:
    client = signed_in(reviewer)
    attachment = filled.attachments.get().pk

    # A draft is the applicant's alone, full ID numbers and all (security issue 16).
    assert client.get(url("report", filled.pk)).status_code == 404
    assert client.get(url("attachment", filled.pk, attachment)).status_code == 404
    Application.objects.filter(pk=filled.pk).update(status=Status.SUBMITTED)
    report = take_download(client, url("report", filled.pk), django_capture_on_commit_callbacks)
    assert report.status_code == 200
    assert client.get(url("attachment", filled.pk, attachment)).status_code == 200
    assert client.get(url("detail", filled.pk)).status_code == 404  # the applicant's page


def test_a_row_of_another_application_is_not_reachable_through_ones_own(
    enterprise_user, other_enterprise_user, filled, call, upload, employees, roster_file
) -> None:
    theirs = services.create_application(by=other_enterprise_user, call=call)
    code = other_enterprise_user.organisation.code
    from tests import rosters

    upload(
        other_enterprise_user, theirs, roster_file([rosters.employee(9, payer_code=code, hired="2026-01-05")])
    )
    their_row = theirs.rows.get()
    client = signed_in(enterprise_user)

    assert client.get(url("edit_row", filled.pk, their_row.pk)).status_code == 404
    assert client.get(url("progress", filled.pk, theirs.uploads.get().pk)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, filled) -> None:
    response = client.get(url("detail", filled.pk))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_no_plain_id_number_is_stored_in_any_table(
    enterprise_user, filled, upload, employees, roster_file
) -> None:
    row = filled.rows.get(number=2)
    edits.edit_cell(
        by=enterprise_user,
        application=filled,
        row_id=row.pk,
        column="证件号码",
        value=valid_id(2),
        expected_version=row.version,
    )
    numbers = [valid_id(serial) for serial in (1, 2)]
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names come from the schema
            for record in cursor.fetchall():
                text = " ".join(str(value) for value in record)
                found += [(table, number) for number in numbers if number in text]

    assert filled.rows.count() == 2
    assert found == []


def test_the_uploaded_file_is_removed_once_checked(enterprise_user, filled) -> None:
    job = filled.uploads.get()

    assert job.file.name == ""
    assert list(stored_roster_files(default_storage)) == []
