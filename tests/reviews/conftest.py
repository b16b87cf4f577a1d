"""Applications built straight in the database, at the status a review test starts from."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from shenbao.accounts.models import User
from shenbao.applications.models import Application, RosterRow
from shenbao.calls.models import Call
from shenbao.domain.workflow import Status
from shenbao.organisations.models import Organisation
from tests import factories
from tests.rosters import valid_id

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _inline_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def add_rows(application: Application, count: int, *, findings: bool = False) -> list[RosterRow]:
    rows = []
    for number in range(2, count + 2):
        id_number = valid_id(next(_serial))
        rows.append(
            RosterRow(
                application=application,
                number=number,
                name=f"员工{number}",
                values={"姓名": f"员工{number}", "证件类型": "身份证", "入职日期": "2026-03-01"},
                **factories.protected_id(id_number),
                findings=[
                    {
                        "code": "hired_outside_window",
                        "column": "入职日期",
                        "message": "入职日期不在计入范围内",
                    }
                ]
                if findings and number == 2
                else [],
            )
        )
    RosterRow.objects.bulk_create(rows)
    application.persons = count
    application.save(update_fields=["persons"])
    return list(application.rows.all())


MakeApplication = Callable[..., Application]


@pytest.fixture
def make_application(call: Call) -> MakeApplication:
    """``make_application(organisation, persons=3, status=Status.SUBMITTED)`` with rows, routed to its authority."""

    def build(
        organisation: Organisation,
        *,
        persons: int = 3,
        status: Status = Status.SUBMITTED,
        findings: bool = False,
        listed: bool = True,
        **fields: Any,
    ) -> Application:
        """``listed``: an enterprise has figures under which the call's catalog lists it."""
        if listed and organisation.kind == "enterprise":
            factories.listed(organisation)
        serial = next(_serial)
        application = Application.objects.create(
            call=call,
            organisation=organisation,
            kind="employees" if organisation.kind == "enterprise" else "trainees",
            authority=organisation.authority,
            reference=f"T{serial:06d}",
            status=status,
            paper_volumes_declared=2,
            submitted_at=timezone.now(),
            **fields,
        )
        add_rows(application, persons, findings=findings)
        return application

    return build


def decide_all(application: Application, reviewer: User, *, eligible: int) -> None:
    """The first ``eligible`` rows eligible, the rest not (straight in the database)."""
    for index, row in enumerate(application.rows.order_by("number")):
        row.decision = RosterRow.Decision.ELIGIBLE if index < eligible else RosterRow.Decision.INELIGIBLE
        row.decision_reason = "" if index < eligible else "社保非本单位缴纳"
        row.decided_by = reviewer
        row.save()


@pytest.fixture
def make_accepted(make_application: MakeApplication, reviewer: User) -> MakeApplication:
    """An application the authority has accepted: everyone decided, volumes and materials recorded."""

    def build(
        organisation: Organisation, *, eligible: int = 2, persons: int = 3, **fields: Any
    ) -> Application:
        fields.setdefault("paper_volumes_received", 2)
        fields.setdefault("materials_complete", True)
        application = make_application(organisation, persons=persons, status=Status.ACCEPTED, **fields)
        decide_all(application, reviewer, eligible=eligible)
        return application

    return build


@pytest.fixture
def pudong_institution(directory: None) -> Organisation:
    return factories.make_organisation(number=5, kind="institution", name="浦东培训学校")
