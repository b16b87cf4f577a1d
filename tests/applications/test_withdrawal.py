"""Withdrawal: back to draft while the call is open, final after its close; confirmed first; refused once reviewed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shenbao.applications import facts, services
from shenbao.applications.models import Application, RosterRow
from shenbao.domain.workflow import Status, TransitionNotAllowed
from tests.applications.conftest import signed_in, submit, url
from tests.confirming import confirm

pytestmark = pytest.mark.django_db


def test_a_withdrawal_while_the_call_is_open_returns_to_draft_to_submit_again(enterprise_user, ready) -> None:
    submitted = submit(enterprise_user, ready)
    client = signed_in(enterprise_user)
    page = client.get(url("withdraw", ready.pk)).content.decode()
    assert "申报回到草稿" in page and "撤回是最终的" not in page
    response = confirm(client, url("withdraw", ready.pk), {"version": submitted.version})

    ready.refresh_from_db()
    assert response.status_code == 302
    assert ready.status == Status.DRAFT
    assert ready.events.filter(action="withdraw", to_status="draft").exists()
    again = submit(enterprise_user, ready)
    assert again.status == Status.SUBMITTED


def test_a_withdrawal_after_the_close_says_it_is_final_and_is(enterprise_user, ready, monkeypatch) -> None:
    submitted = submit(enterprise_user, ready)
    after = ready.call.closes_on + timedelta(days=1)
    monkeypatch.setattr(facts, "today", lambda: after)
    monkeypatch.setattr("shenbao.applications.views.today", lambda: after)
    client = signed_in(enterprise_user)
    page = client.get(url("withdraw", ready.pk)).content.decode()
    assert "撤回是最终的" in page

    confirm(client, url("withdraw", ready.pk), {"version": submitted.version})

    ready.refresh_from_db()
    assert ready.status == Status.WITHDRAWN


def test_a_withdrawal_without_its_confirmation_page_changes_nothing(enterprise_user, ready) -> None:
    submitted = submit(enterprise_user, ready)
    response = signed_in(enterprise_user).post(url("withdraw", ready.pk), {"version": submitted.version})

    ready.refresh_from_db()
    assert response.status_code == 200
    assert ready.status == Status.SUBMITTED


def test_withdrawal_is_refused_once_a_reviewer_decided_on_a_row(enterprise_user, reviewer, ready) -> None:
    submitted = submit(enterprise_user, ready)
    RosterRow.objects.filter(pk=ready.rows.first().pk).update(decision=RosterRow.Decision.ELIGIBLE)

    with pytest.raises(TransitionNotAllowed, match="审核"):
        services.withdraw_application(
            by=enterprise_user, application=submitted, expected_version=submitted.version
        )


def test_withdrawal_is_refused_after_a_decision_on_the_application(enterprise_user, reviewer, ready) -> None:
    submit(enterprise_user, ready)
    Application.objects.filter(pk=ready.pk).update(status=Status.ACCEPTED)
    accepted = Application.objects.get(pk=ready.pk)

    with pytest.raises(TransitionNotAllowed):
        services.withdraw_application(
            by=enterprise_user, application=accepted, expected_version=accepted.version
        )
