"""Two reviewers on one application at the same moment, each on their own PostgreSQL connection.

Each reviewer works in a thread (Django gives every thread its own connection); a barrier
releases both calls together so their transactions overlap. Decisions on different rows both
stand; a second change made from the same, now stale, view is refused with
"已被他人修改，请刷新" and the first one is kept whole.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shenbao.accounts.models import User
from shenbao.applications.models import Application, RosterRow
from shenbao.applications.transitions import STALE_MESSAGE, StaleView
from shenbao.domain.workflow import Status
from shenbao.reviews import services
from tests import factories
from tests.security.matrix_fixtures import add_rows, open_call

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises every writer, so two reviewers never overlap",
    ),
]


def at_once(*actions: Callable[[], Any]) -> list[Any]:
    """Run each action in its own thread and connection, released together; results or exceptions."""
    barrier = threading.Barrier(len(actions))
    results: list[Any] = [None] * len(actions)

    def run(index: int, action: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = action()
        except Exception as exc:  # the refusal is the result under test
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a reviewer's transaction never finished"
    return results


@pytest.fixture
def second_reviewer(directory: None) -> User:
    return factories.make_reviewer(5, "reviewer-pudong-2")


@pytest.fixture
def submitted(enterprise_user: User) -> Application:
    call = open_call()
    organisation = enterprise_user.organisation
    assert organisation is not None
    factories.listed(organisation)  # in the catalog: accepting needs no override reason
    application = Application.objects.create(
        call=call,
        organisation=organisation,
        kind="employees",
        authority=organisation.authority,
        reference="SB-CONCURRENT-1",
        status=Status.SUBMITTED,
        submitted_at=timezone.now(),
        paper_volumes_declared=1,
    )
    add_rows(application, 4)
    return application


def seen(application: Application) -> Application:
    """The application as one reviewer's page loaded it."""
    return Application.objects.get(pk=application.pk)


def test_decisions_on_different_rows_made_at_once_both_stand(
    reviewer: User, second_reviewer: User, submitted: Application
) -> None:
    first, second = submitted.rows.order_by("number")[:2]

    results = at_once(
        lambda: services.decide_rows(
            by=reviewer,
            application=seen(submitted),
            rows=[services.RowDecision(first.pk, first.version)],
            decision=RosterRow.Decision.ELIGIBLE,
        ),
        lambda: services.decide_rows(
            by=second_reviewer,
            application=seen(submitted),
            rows=[services.RowDecision(second.pk, second.version)],
            decision=RosterRow.Decision.INELIGIBLE,
            reason="社保非本单位缴纳",
        ),
    )

    assert not [r for r in results if isinstance(r, Exception)], results
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.decision, first.decided_by, first.version) == ("eligible", reviewer, 2)
    assert (second.decision, second.decided_by, second.decision_reason) == (
        "ineligible",
        second_reviewer,
        "社保非本单位缴纳",
    )
    assert submitted.events.filter(action="decide_rows").count() == 2


def test_a_decision_on_the_same_row_from_a_stale_view_is_refused_and_the_first_is_kept(
    reviewer: User, second_reviewer: User, submitted: Application
) -> None:
    row = submitted.rows.order_by("number").first()
    assert row is not None
    shown = row.version  # both pages were loaded before either reviewer clicked

    results = at_once(
        lambda: services.decide_rows(
            by=reviewer,
            application=seen(submitted),
            rows=[services.RowDecision(row.pk, shown)],
            decision=RosterRow.Decision.ELIGIBLE,
        ),
        lambda: services.decide_rows(
            by=second_reviewer,
            application=seen(submitted),
            rows=[services.RowDecision(row.pk, shown)],
            decision=RosterRow.Decision.INELIGIBLE,
            reason="未在本单位缴纳社保",
        ),
    )

    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1, results
    assert isinstance(refused[0], StaleView) and refused[0].message == STALE_MESSAGE == "已被他人修改，请刷新"
    winner = reviewer if results[0] is not refused[0] else second_reviewer
    row.refresh_from_db()
    assert row.version == shown + 1
    assert row.decided_by == winner
    assert row.decision == ("eligible" if winner == reviewer else "ineligible")
    events = list(submitted.events.filter(action="decide_rows"))
    assert [(e.actor, e.data["rows"]) for e in events] == [(winner, [row.number])]


def test_accept_and_return_from_the_same_view_at_once_only_one_happens(
    reviewer: User, second_reviewer: User, submitted: Application
) -> None:
    rows = list(submitted.rows.all())
    services.decide_rows(
        by=reviewer,
        application=submitted,
        rows=[services.RowDecision(r.pk, r.version) for r in rows],
        decision=RosterRow.Decision.ELIGIBLE,
    )
    received = services.record_receipt(
        by=reviewer,
        application=submitted,
        expected_version=seen(submitted).version,
        paper_volumes_received=1,
        materials_complete=True,
    )
    shown = received.version

    results = at_once(
        lambda: services.accept_application(by=reviewer, application=seen(submitted), expected_version=shown),
        lambda: services.return_application(
            by=second_reviewer,
            application=seen(submitted),
            expected_version=shown,
            reasons=[services.Reason("请补充劳动合同", row_number=2)],
            deadline=timezone.localdate() + timedelta(days=10),
        ),
    )

    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1, results
    assert isinstance(refused[0], StaleView), refused
    final = seen(submitted)
    assert final.version == shown + 1
    accepted = results[0] is not refused[0]
    assert final.status == (Status.ACCEPTED if accepted else Status.RETURNED)
    transitions = list(
        submitted.events.filter(action__in=["accept", "return"]).values_list("action", flat=True)
    )
    assert transitions == (["accept"] if accepted else ["return"])
    assert submitted.return_reasons.count() == (0 if accepted else 1)
    # Every person's decision survived whichever move won.
    assert submitted.rows.filter(decision="eligible").count() == len(rows)


def test_the_reviewer_of_a_stale_page_is_told_to_refresh(
    reviewer: User, second_reviewer: User, submitted: Application
) -> None:
    row = submitted.rows.order_by("number").first()
    assert row is not None
    shown = row.version
    services.decide_rows(
        by=second_reviewer,
        application=submitted,
        rows=[services.RowDecision(row.pk, shown)],
        decision=RosterRow.Decision.ELIGIBLE,
    )
    client = Client()
    client.force_login(reviewer)

    response = client.post(
        reverse("reviews:row_decide", args=[submitted.pk, row.pk]),
        {"version": shown, "decision": "ineligible", "reason": "不符合"},
        follow=True,
    )

    assert "已被他人修改，请刷新" in response.content.decode()
    row.refresh_from_db()
    assert (row.decision, row.decided_by) == ("eligible", second_reviewer)
