"""Online edits, materials, submission, withdrawal and resubmission after a return."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import ValidationError

from shenbao.applications import edits, facts, selectors, services
from shenbao.applications.models import Application, ReturnReason, RosterChange, SubmittedRow
from shenbao.applications.transitions import STALE_MESSAGE, StaleView, apply_transition
from shenbao.domain.flow import Given
from shenbao.domain.problem_text import render_stored
from shenbao.domain.workflow import Action, Status, TransitionNotAllowed
from shenbao.organisations.models import OrganisationStatus
from tests.applications.conftest import signed_in, submit, url
from tests.confirming import confirm
from tests.rosters import valid_id

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def returned(application: Application, reviewer, *, deadline) -> Application:
    application.refresh_from_db()
    back = apply_transition(
        application,
        action=Action.RETURN,
        by=reviewer,
        expected_version=application.version,
        given=Given(reason="请补正", deadline=deadline),
        comment="请补正",
        correction_deadline=deadline,
    )
    event = back.events.filter(action="return").get()
    ReturnReason.objects.create(application=back, event=event, row_number=2, text="第 2 行岗位不符")
    return back


def test_a_cell_edit_fixes_the_row_and_the_counts_at_once(
    enterprise_user, application, upload, employees, roster_file
):
    upload(enterprise_user, application, roster_file(employees(2, row2={"性别": "女"})))
    row = application.rows.get(number=3)
    assert row.has_errors

    client = signed_in(enterprise_user)
    response = client.post(
        url("edit_row", application.pk, row.pk),
        {
            **{k: v for k, v in row.values.items()},
            "证件号码": valid_id(2),
            "性别": "男",
            "version": row.version,
        },
        headers={"HX-Request": "true", "HX-Target": f"row-{row.number}"},
    )

    row.refresh_from_db()
    application.refresh_from_db()
    page = response.content.decode()
    assert response.status_code == 200
    assert "已重新检查" in page
    # The header's counts come back with the row, from the stored roster (no more "1 行存在错误").
    assert 'id="check-result"' in page and 'hx-swap-oob="true"' in page
    assert "花名册检查通过" in page and "行存在错误" not in page
    assert not row.has_errors
    assert row.version == 2
    assert application.error_rows == 0
    assert application.events.filter(action="edit_row").exists()


def test_an_edit_that_repeats_another_rows_id_number_is_a_duplicate(
    enterprise_user, application, upload, employees, roster_file
) -> None:
    upload(enterprise_user, application, roster_file(employees(2)))
    row = application.rows.get(number=3)

    edited = edits.edit_cell(
        by=enterprise_user,
        application=application,
        row_id=row.pk,
        column="证件号码",
        value=valid_id(1),
        expected_version=row.version,
    )

    assert edited.has_errors
    assert [p["code"] for p in edited.problems] == ["id_duplicate"]
    assert "与第 2 行重复" in render_stored(edited.problems[0], "zh")
    assert valid_id(1) not in str(edited.problems)


def test_an_edit_from_a_stale_page_is_refused(enterprise_user, application, upload, employees, roster_file):
    upload(enterprise_user, application, roster_file(employees(1)))
    row = application.rows.get()
    edits.edit_cell(
        by=enterprise_user,
        application=application,
        row_id=row.pk,
        column="岗位",
        value="测试",
        expected_version=1,
    )

    with pytest.raises(StaleView):
        edits.edit_cell(
            by=enterprise_user,
            application=application,
            row_id=row.pk,
            column="岗位",
            value="x",
            expected_version=1,
        )
    response = signed_in(enterprise_user).post(
        url("edit_row", application.pk, row.pk), {**row.values, "岗位": "y", "version": 1}
    )
    assert STALE_MESSAGE in response.content.decode()


def test_the_cell_editor_shows_the_applicant_the_full_id_number(
    enterprise_user, application, upload, employees, roster_file
) -> None:
    upload(enterprise_user, application, roster_file(employees(1)))
    row = application.rows.get()
    client = signed_in(enterprise_user)

    assert valid_id(1) in client.get(url("edit_row", application.pk, row.pk)).content.decode()
    table = client.get(url("roster", application.pk) + "?show=all").content.decode()
    assert valid_id(1) not in table
    assert row.id_masked in table


def test_attachments_are_checked_by_content_not_by_name(enterprise_user, application) -> None:
    kept = services.add_attachment(
        by=enterprise_user, application=application, upload=SimpleUploadedFile("scan.bin", PDF)
    )
    assert kept.kind == "pdf"

    with pytest.raises(ValidationError):
        services.add_attachment(
            by=enterprise_user,
            application=application,
            upload=SimpleUploadedFile("合同.pdf", b"MZ\x90\x00 an exe in disguise"),
        )
    response = signed_in(enterprise_user).post(
        url("add_attachment", application.pk), {"file": SimpleUploadedFile("合同.pdf", b"MZ\x90\x00")}
    )
    assert "只接受" in response.content.decode()
    assert application.attachments.count() == 1


def test_an_oversized_attachment_is_refused(enterprise_user, application, settings) -> None:
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError):
        services.add_attachment(by=enterprise_user, application=application, upload=big)


def test_submission_is_refused_while_rows_have_errors(
    enterprise_user, application, upload, employees, roster_file
):
    upload(enterprise_user, application, roster_file(employees(2, row2={"性别": "女"})))
    services.update_details(by=enterprise_user, application=application, paper_volumes=1, remarks="")

    with pytest.raises(TransitionNotAllowed, match="行存在错误"):
        submit(enterprise_user, application)


def test_submission_is_refused_until_the_organisation_is_confirmed(enterprise_user, ready) -> None:
    ready.organisation.status = OrganisationStatus.PENDING
    ready.organisation.save()

    with pytest.raises(TransitionNotAllowed, match="确认"):
        submit(enterprise_user, ready)


def test_submission_is_refused_without_the_declaration(enterprise_user, ready) -> None:
    with pytest.raises(TransitionNotAllowed, match="告知"):
        submit(enterprise_user, ready, declaration=False)
    response = confirm(signed_in(enterprise_user), url("submit", ready.pk), {"version": ready.version})
    assert "请确认已告知" in response.content.decode()
    ready.refresh_from_db()
    assert ready.status == Status.DRAFT


def test_a_submission_without_its_confirmation_page_changes_nothing(enterprise_user, ready) -> None:
    client = signed_in(enterprise_user)
    response = client.post(url("submit", ready.pk), {"version": ready.version, "declaration": "on"})
    forged = client.post(
        url("submit", ready.pk), {"version": ready.version, "declaration": "on", "confirmed": "0" * 64}
    )

    ready.refresh_from_db()
    assert response.status_code == forged.status_code == 200
    assert ready.status == Status.DRAFT
    page = response.content.decode()
    assert "确认提交申报" in page and "2 人" in page and "9,000.00 元" in page
    assert "提交后花名册和材料冻结" in page


def test_a_first_submission_is_refused_after_the_call_closed(enterprise_user, ready, monkeypatch) -> None:
    monkeypatch.setattr(facts, "today", lambda: ready.call.closes_on + timedelta(days=1))

    with pytest.raises(TransitionNotAllowed, match="截止"):
        submit(enterprise_user, ready)


def test_a_submitted_application_is_frozen_routed_and_announced(
    enterprise_user, ready, upload, roster_file, employees
):
    client = signed_in(enterprise_user)
    response = confirm(client, url("submit", ready.pk), {"version": ready.version, "declaration": "on"})

    ready.refresh_from_db()
    assert response.status_code == 302
    assert ready.status == Status.SUBMITTED
    assert ready.submitted_at is not None
    assert ready.declaration_confirmed_at is not None
    assert ready.events.filter(action="submit", from_status="draft", to_status="submitted").exists()
    with pytest.raises(TransitionNotAllowed):
        upload(enterprise_user, ready, roster_file(employees(1)))
    row = ready.rows.first()
    with pytest.raises(TransitionNotAllowed):
        edits.edit_cell(
            by=enterprise_user, application=ready, row_id=row.pk, column="岗位", value="x", expected_version=1
        )
    with pytest.raises(TransitionNotAllowed):
        services.add_attachment(
            by=enterprise_user, application=ready, upload=SimpleUploadedFile("a.pdf", PDF)
        )


def test_submission_sends_an_email_to_the_organisation(
    enterprise_user, ready, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(enterprise_user, ready)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert ready.organisation.contact_email in message.to
    assert enterprise_user.email in message.to
    assert "已提交" in message.subject
    assert ready.reference in message.body


def test_a_returned_application_shows_its_reasons_and_deadline(
    enterprise_user, reviewer, ready, today
) -> None:
    submit(enterprise_user, ready)
    returned(ready, reviewer, deadline=today + timedelta(days=7))

    page = signed_in(enterprise_user).get(url("detail", ready.pk)).content.decode()

    deadline = today + timedelta(days=7)
    assert "退回补正原因" in page
    assert "第 2 行岗位不符" in page
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日" in page
    assert "补正后重新提交" in page


def test_resubmission_after_the_close_date_is_allowed_until_the_deadline(
    enterprise_user, reviewer, ready, monkeypatch
) -> None:
    submit(enterprise_user, ready)
    closed = ready.call.closes_on + timedelta(days=5)
    returned(ready, reviewer, deadline=closed + timedelta(days=3))
    row = ready.rows.get(number=3)
    edits.edit_cell(
        by=enterprise_user,
        application=ready,
        row_id=row.pk,
        column="岗位",
        value="测试工程师",
        expected_version=1,
    )
    monkeypatch.setattr(facts, "today", lambda: closed)

    again = submit(enterprise_user, ready)

    assert again.status == Status.SUBMITTED
    event = again.events.get(action="resubmit")
    assert event.data["changes"] == {"added": 0, "removed": 0, "changed": 1}


def test_resubmission_is_refused_after_the_correction_deadline(enterprise_user, reviewer, ready, monkeypatch):
    submit(enterprise_user, ready)
    deadline = ready.call.closes_on + timedelta(days=3)
    returned(ready, reviewer, deadline=deadline)
    monkeypatch.setattr(facts, "today", lambda: deadline + timedelta(days=1))

    with pytest.raises(TransitionNotAllowed, match="补正截止日期"):
        submit(enterprise_user, ready)


def test_the_changes_since_the_last_submission_are_listed_row_by_row(
    enterprise_user, reviewer, ready, upload, employees, roster_file
) -> None:
    submit(enterprise_user, ready)
    returned(ready, reviewer, deadline=ready.call.closes_on)
    # Person 1 changes post, person 2 leaves the roster, person 3 is new.
    rows = employees(3, row1={"岗位": "测试工程师"})
    ready.refresh_from_db()
    upload(enterprise_user, ready, roster_file([rows[0], rows[2]]))

    while_returned = selectors.changes_since_last_submission(ready)
    # The reviewer's page while returned lists the same, from one pass over plain tuples.
    shown, counts = selectors.changes_shown(ready)
    assert counts == {"added": 1, "removed": 1, "changed": 1}
    assert shown == while_returned
    submit(enterprise_user, ready)
    ready.refresh_from_db()
    after_resubmission = selectors.changes_since_last_submission(ready)

    for changes in (while_returned, after_resubmission):
        assert changes.compared
        assert [p.name for p in changes.added] == ["员工3"]
        assert [p.name for p in changes.removed] == ["员工2"]
        assert [c.person.name for c in changes.changed] == ["员工1"]
        assert [(c.column, c.before, c.after) for c in changes.changed[0].cells] == [
            ("岗位", "软件工程师", "测试工程师")
        ]
        assert valid_id(3) not in str(changes)


def test_a_resubmissions_changes_are_stored_once_and_not_compared_again_on_each_view(
    enterprise_user, reviewer, ready, upload, employees, roster_file
) -> None:
    submit(enterprise_user, ready)
    returned(ready, reviewer, deadline=ready.call.closes_on)
    rows = employees(3, row1={"岗位": "测试工程师"})
    ready.refresh_from_db()
    upload(enterprise_user, ready, roster_file([rows[0], rows[2]]))
    submit(enterprise_user, ready)
    ready.refresh_from_db()

    stored = list(RosterChange.objects.filter(application=ready).values_list("kind", "name"))
    # The kept submissions are no longer read: the page shows what the resubmission stored.
    SubmittedRow.objects.filter(application=ready).update(values={})
    changes = selectors.changes_since_last_submission(ready)

    assert sorted(stored) == [("added", "员工3"), ("changed", "员工1"), ("removed", "员工2")]
    assert [(c.column, c.before, c.after) for c in changes.changed[0].cells] == [
        ("岗位", "软件工程师", "测试工程师")
    ]
    assert selectors.change_counts(ready) == {"added": 1, "removed": 1, "changed": 1}
    page = signed_in(reviewer).get(f"/review/{ready.pk}/").content.decode()
    assert "新增 1 人，删除 1 人，修改 1 人" in page


def test_there_is_nothing_to_compare_before_a_resubmission(enterprise_user, ready) -> None:
    assert not selectors.changes_since_last_submission(ready).compared
    submit(enterprise_user, ready)
    ready.refresh_from_db()
    assert not selectors.changes_since_last_submission(ready).compared


def test_the_history_is_shown_on_the_application_page(enterprise_user, ready) -> None:
    submit(enterprise_user, ready)

    page = signed_in(enterprise_user).get(url("detail", ready.pk)).content.decode()

    assert "办理记录" in page
    assert "上传花名册" in page
    assert "草稿 → 已提交，待审核" in page


def test_a_return_is_announced_with_its_deadline_and_comment(enterprise_user, reviewer, ready, today) -> None:
    from shenbao.applications.notifications import notify

    submit(enterprise_user, ready)
    back = returned(ready, reviewer, deadline=today + timedelta(days=7))
    mail.outbox.clear()

    assert notify(back, Action.RETURN, "请补充社保证明") == 1
    deadline = today + timedelta(days=7)
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日" in mail.outbox[0].body
    assert "请补充社保证明" in mail.outbox[0].body
