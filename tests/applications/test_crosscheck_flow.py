"""Cross-checks follow the application flow: uploads and status changes go into the outbox, the worker follows it."""

from __future__ import annotations

from typing import Any

import pytest

from shenbao.applications import services
from shenbao.applications.models import Outbox
from shenbao.crosschecks.models import CrossFinding
from shenbao.crosschecks.outbox import follow_outbox
from tests import factories, rosters


def _submit(user: Any, application: Any, capture: Any) -> Any:
    services.update_details(by=user, application=application, paper_volumes=1, remarks="")
    application.refresh_from_db()
    with capture(execute=True):
        submitted = services.submit_application(
            by=user, application=application, expected_version=application.version, declaration=True
        )
    follow_outbox()  # what the worker does every second
    return submitted


@pytest.mark.django_db
def test_a_later_submission_flags_the_same_person_on_the_earlier_application(  # type: ignore[no-untyped-def]
    enterprise_user, call, application, employees, roster_file, upload, django_capture_on_commit_callbacks
) -> None:
    upload(enterprise_user, application, roster_file(employees(3)))
    _submit(enterprise_user, application, django_capture_on_commit_callbacks)
    assert not CrossFinding.objects.exists()

    other_org = factories.make_organisation(number=16)
    other_user = factories.make_applicant(other_org)
    other = services.create_application(by=other_user, call=call)
    same_person = rosters.employee(2, payer_code=other_org.code, hired=employees(3)[1]["入职日期"])
    upload(other_user, other, roster_file([same_person]))
    _submit(other_user, other, django_capture_on_commit_callbacks)

    flagged = CrossFinding.objects.filter(application=application)
    assert flagged.count() == 1 and flagged.get().other_application == other
    assert CrossFinding.objects.filter(application=other, other_application=application).count() == 1


@pytest.mark.django_db
def test_withdrawing_frees_the_person_claimed_elsewhere(  # type: ignore[no-untyped-def]
    enterprise_user, call, application, employees, roster_file, upload, django_capture_on_commit_callbacks
) -> None:
    upload(enterprise_user, application, roster_file(employees(2)))
    _submit(enterprise_user, application, django_capture_on_commit_callbacks)
    other_org = factories.make_organisation(number=16)
    other_user = factories.make_applicant(other_org)
    other = services.create_application(by=other_user, call=call)
    upload(other_user, other, roster_file([rosters.employee(1, payer_code=other_org.code)]))
    other = _submit(other_user, other, django_capture_on_commit_callbacks)
    assert CrossFinding.objects.filter(application=application).exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_application(by=other_user, application=other, expected_version=other.version)
    follow_outbox()
    assert not CrossFinding.objects.filter(application=application).exists()


@pytest.mark.django_db
def test_the_reviewer_sees_the_other_claim_on_the_row_but_not_the_other_applicant(  # type: ignore[no-untyped-def]
    enterprise_user,
    reviewer,
    call,
    application,
    employees,
    roster_file,
    upload,
    django_capture_on_commit_callbacks,
) -> None:
    from django.test import Client

    upload(enterprise_user, application, roster_file(employees(2)))
    _submit(enterprise_user, application, django_capture_on_commit_callbacks)
    other_org = factories.make_organisation(number=16, name="黄浦另一家科技有限公司")
    other_user = factories.make_applicant(other_org)
    other = services.create_application(by=other_user, call=call)
    upload(other_user, other, roster_file([rosters.employee(1, payer_code=other_org.code)]))
    _submit(other_user, other, django_capture_on_commit_callbacks)

    client = Client()
    client.force_login(reviewer)
    page = client.get(f"/review/{application.pk}/").content.decode()
    assert f"该人员同时在另一份申报中被申报：黄浦，{call.year}年度，状态：已提交，待审核" in page
    assert "黄浦另一家科技有限公司" not in page and other.reference not in page


@pytest.mark.django_db
def test_a_change_waits_in_the_outbox_until_the_worker_follows_it(  # type: ignore[no-untyped-def]
    enterprise_user, call, application, employees, roster_file, upload, django_capture_on_commit_callbacks
) -> None:
    upload(enterprise_user, application, roster_file(employees(2)))
    _submit(enterprise_user, application, django_capture_on_commit_callbacks)
    other_org = factories.make_organisation(number=16)
    other_user = factories.make_applicant(other_org)
    other = services.create_application(by=other_user, call=call)
    upload(other_user, other, roster_file([rosters.employee(1, payer_code=other_org.code)]))
    services.update_details(by=other_user, application=other, paper_volumes=1, remarks="")
    other.refresh_from_db()
    services.submit_application(
        by=other_user, application=other, expected_version=other.version, declaration=True
    )

    # Recorded with the change, nothing refreshed yet: a worker dying now loses nothing.
    assert list(Outbox.objects.values_list("application_id", "topic")) == [
        (other.pk, Outbox.Topic.ROSTER),
        (other.pk, Outbox.Topic.STATUS),
    ]
    assert not CrossFinding.objects.exists()

    assert follow_outbox() == 2
    assert not Outbox.objects.exists()
    assert CrossFinding.objects.filter(application=application, other_application=other).count() == 1
    assert follow_outbox() == 0
