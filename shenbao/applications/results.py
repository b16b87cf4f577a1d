"""After the city's decision: each person's result and amount, the approved and the paid amount."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from shenbao.applications.models import Application, Payment, RosterRow
from shenbao.domain.money import per_person
from shenbao.domain.workflow import DECIDED_STATUSES, Status


@dataclass(frozen=True, slots=True)
class Results:
    eligible: int
    ineligible: int
    approved_amount: Decimal
    per_person: Decimal  # what each eligible person's share of the approved amount is
    paid_amount: Decimal | None
    paid_on: date | None
    voucher: str


def results(application: Application) -> Results | None:
    """None until the city has approved the application."""
    if Status(application.status) not in DECIDED_STATUSES or application.amount is None:
        return None
    eligible = application.eligible_persons or 0
    payment = Payment.objects.filter(application=application).first()
    return Results(
        eligible=eligible,
        ineligible=application.rows.filter(decision=RosterRow.Decision.INELIGIBLE).count(),
        approved_amount=application.amount,
        per_person=per_person(application.amount, eligible),
        paid_amount=payment.amount if payment else None,
        paid_on=payment.paid_on if payment else None,
        voucher=payment.voucher if payment else "",
    )


def decided_rows(application: Application) -> QuerySet[RosterRow]:
    return application.rows.order_by("number").only(
        "pk", "number", "name", "id_masked", "decision", "decision_reason", "application_id"
    )
