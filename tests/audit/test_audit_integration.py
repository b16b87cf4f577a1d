"""Decisions, exports and full-ID views across the apps land in the audit log."""

from __future__ import annotations

from datetime import date

import pytest

from shenbao.applications.models import Application, RosterRow
from shenbao.audit.models import AuditRecord
from shenbao.calls.models import Call
from tests import factories

NUMBER = "11010519491231002X"


def _application(organisation):  # type: ignore[no-untyped-def]
    call = Call.objects.create(
        year=2031,
        opens_on=date(2031, 1, 1),
        closes_on=date(2031, 12, 31),
        hired_from=date(2030, 7, 1),
        hired_to=date(2031, 6, 30),
        reference_date=date(2031, 10, 31),
    )
    application = Application.objects.create(
        call=call,
        organisation=organisation,
        kind="employees",
        authority=organisation.authority,
        reference="SB2031-05-000001",
        status="submitted",
    )
    row = RosterRow.objects.create(
        application=application,
        number=2,
        values={"姓名": "张三"},
        name="张三",
        **factories.protected_id(NUMBER),
    )
    return application, row


@pytest.mark.django_db
def test_a_reviewer_viewing_a_full_id_number_is_recorded(client, reviewer, enterprise) -> None:  # type: ignore[no-untyped-def]
    application, row = _application(enterprise)
    client.force_login(reviewer)
    response = client.get(f"/review/{application.pk}/rows/{row.pk}/id/")
    assert NUMBER in response.content.decode()
    entry = AuditRecord.objects.get(action="view_full_id")
    assert entry.actor == reviewer and entry.application_reference == application.reference
    assert NUMBER not in str(entry.detail)


@pytest.mark.django_db
def test_a_reviewers_decision_is_recorded(reviewer, enterprise) -> None:  # type: ignore[no-untyped-def]
    from shenbao.reviews.services import RowDecision, decide_rows

    application, row = _application(enterprise)
    decide_rows(
        by=reviewer, application=application, rows=[RowDecision(row.pk, row.version)], decision="eligible"
    )
    entry = AuditRecord.objects.get(action="decision")
    assert entry.actor == reviewer and entry.detail["event"] == "decide_rows"


@pytest.mark.django_db
def test_every_spreadsheet_export_by_a_signed_in_user_is_recorded(client, city_admin) -> None:  # type: ignore[no-untyped-def]
    client.force_login(city_admin)
    assert client.get("/directory/export.xlsx").status_code == 200
    entry = AuditRecord.objects.get(action="export")
    assert entry.actor == city_admin and entry.detail["file"].endswith(".xlsx")


@pytest.mark.django_db
def test_an_applicants_own_steps_are_not_called_decisions(enterprise_user) -> None:  # type: ignore[no-untyped-def]
    from shenbao.applications.transitions import record_event
    from shenbao.domain.events import EventKind

    application, _ = _application(enterprise_user.organisation)
    record_event(application, by=enterprise_user, kind=EventKind.UPLOAD_ROSTER)
    assert not AuditRecord.objects.filter(action="decision").exists()


@pytest.mark.django_db
def test_the_audit_log_names_application_events_and_statuses_in_chinese(
    client, city_admin, security_auditor, enterprise_user
):
    from shenbao.applications.transitions import record_event
    from shenbao.audit.selectors import detail_text
    from shenbao.domain.events import EventKind

    application, _ = _application(enterprise_user.organisation)
    record_event(application, by=city_admin, kind=EventKind.MOVE, to_status="")
    record_event(application, by=city_admin, kind=EventKind.APPROVE, to_status="approved")
    texts = [detail_text(r) for r in AuditRecord.objects.filter(action="decision").order_by("pk")]
    assert texts == ["事项：移交主管部门", "事项：审定；状态变为：市级已审定"]
    client.force_login(security_auditor)  # the audit log is the security auditor's alone
    assert "事项：审定；状态变为：市级已审定" in client.get("/audit/").content.decode()
