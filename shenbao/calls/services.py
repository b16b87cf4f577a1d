"""City admin use cases for calls: open or change a call (its 公示 is reviews/publicity.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext

from shenbao.accounts.models import User
from shenbao.calls.models import Call
from shenbao.domain.flow.messages import FlowCode, flow_problem
from shenbao.domain.support import ceilings
from shenbao.domain.workflow import TransitionNotAllowed

STANDARD_FIELDS = {"employees": "standard_employees", "trainees": "standard_trainees"}


def standard_problems(*, employees: Decimal | None, trainees: Decimal | None) -> dict[str, str]:
    """Standards above the national ceiling (support.toml), keyed by form field."""
    limits = ceilings()
    problems = {}
    for kind, value in (("employees", employees), ("trainees", trainees)):
        if value is not None and value > limits[kind]:
            problems[STANDARD_FIELDS[kind]] = gettext("不能高于国家政策规定的上限 %(limit)s 元/人。") % {
                "limit": f"{limits[kind]:,.0f}"
            }
    return problems


def _city_admin(by: User) -> None:
    if not by.is_city_admin:
        raise Http404


@transaction.atomic
def save_call(
    *,
    by: User,
    call: Call | None = None,
    year: int,
    edition: str,
    opens_on: date,
    closes_on: date,
    hired_from: date,
    hired_to: date,
    reference_date: date,
    standard_employees: Decimal,
    standard_trainees: Decimal,
) -> Call:
    """Open a new call (``call`` None) or change one; one call per year, standards within the ceilings."""
    _city_admin(by)
    problems = standard_problems(employees=standard_employees, trainees=standard_trainees)
    if problems:
        limits = ceilings()
        raise TransitionNotAllowed(
            problems=[
                flow_problem(FlowCode.STANDARD_OVER_CEILING, limit=f"{limits[kind]:,.0f}")
                for kind, field in STANDARD_FIELDS.items()
                if field in problems
            ]
        )
    if closes_on < opens_on or hired_to < hired_from:
        raise TransitionNotAllowed(problems=[flow_problem(FlowCode.DATES_REVERSED)])
    duplicate = Call.objects.filter(year=year)
    if call is not None:
        duplicate = duplicate.exclude(pk=call.pk)
    if duplicate.exists():
        raise TransitionNotAllowed(problems=[flow_problem(FlowCode.CALL_YEAR_TAKEN, year=year)])
    target = call or Call()
    target.year = year
    target.edition = edition
    target.opens_on = opens_on
    target.closes_on = closes_on
    target.hired_from = hired_from
    target.hired_to = hired_to
    target.reference_date = reference_date
    target.standard_employees = standard_employees
    target.standard_trainees = standard_trainees
    target.save()
    return target
