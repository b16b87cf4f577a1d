"""City admin use cases: approve or send back a reported application, record its payment, move it.

Each asks the flow (transitions.check / apply_transition) before it changes anything.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext

from shenbao.accounts.models import User
from shenbao.applications.models import Application, Payment, RosterRow
from shenbao.applications.notifications import notify
from shenbao.applications.transitions import apply_transition, check, lock, record_event
from shenbao.directory.models import Authority
from shenbao.domain.events import EventKind
from shenbao.domain.flow import Given
from shenbao.domain.flow.messages import FlowCode, flow_problem
from shenbao.domain.money import yuan
from shenbao.domain.support import amount_due
from shenbao.domain.workflow import MOVABLE_STATUSES, Action, TransitionNotAllowed
from shenbao.organisations.models import Organisation


def _city_admin(by: User) -> None:
    if not by.is_city_admin:
        raise Http404


def approve_application(
    *, by: User, application: Application, expected_version: int, override_reason: str = ""
) -> Application:
    """Amount = eligible persons × the call's standard for the kind, fixed now, in the same transition."""
    _city_admin(by)
    override_reason = override_reason.strip()
    with transaction.atomic():
        current = lock(application, expected_version)
        eligible = current.rows.filter(decision=RosterRow.Decision.ELIGIBLE).count()
        standard = current.call.standard_for(current.kind)
        amount = amount_due(eligible, standard)
        data: dict[str, object] = {
            "eligible_persons": eligible,
            "standard": str(standard),
            "amount": str(amount),
        }
        if override_reason:
            data["override_reason"] = override_reason
        approved = apply_transition(
            current,
            action=Action.APPROVE,
            by=by,
            expected_version=None,
            given=Given(override_reason=override_reason),
            comment=override_reason,
            data=data,
            eligible_persons=eligible,
            amount=amount,
            override_reason=override_reason or current.override_reason,
        )
    notify(approved, Action.APPROVE)
    return approved


def send_back_application(
    *, by: User, application: Application, expected_version: int, reason: str
) -> Application:
    """Back to the authority for another review, with the city's reason."""
    _city_admin(by)
    return apply_transition(
        application,
        action=Action.SEND_BACK,
        by=by,
        expected_version=expected_version,
        given=Given(reason=reason),
        comment=reason.strip(),
        summary=None,
    )


def pay_application(
    *,
    by: User,
    application: Application,
    expected_version: int,
    paid_on: date | None,
    amount: Decimal | None,
    voucher: str,
) -> Application:
    """Record the payment (date, amount ≤ the approved amount, voucher number): the application is paid."""
    _city_admin(by)
    voucher = voucher.strip()
    given = Given(paid_on=paid_on, amount=amount, voucher=voucher)
    with transaction.atomic():
        paid = apply_transition(
            application,
            action=Action.PAY,
            by=by,
            expected_version=expected_version,
            given=given,
            comment=voucher,
            data={
                "paid_on": paid_on.isoformat() if paid_on else "",
                "amount": str(amount),
                "voucher": voucher,
            },
        )
        assert paid_on is not None and amount is not None  # the flow refuses a payment without them
        Payment.objects.create(
            application=paid, paid_on=paid_on, amount=amount, voucher=voucher, recorded_by=by
        )
    notify(
        paid,
        Action.PAY,
        gettext("拨付金额 %(amount)s，凭证号 %(voucher)s") % {"amount": yuan(amount), "voucher": voucher},
    )
    return paid


def _move(application: Application, *, by: User, to: Authority, comment: str) -> Application:
    source = application.authority
    application.authority = to
    application.version += 1
    application.save(update_fields=["authority", "version", "updated_at"])
    record_event(
        application,
        by=by,
        kind=EventKind.MOVE,
        comment=comment or f"由{source.name}移交{to.name}",
        data={
            "from_authority": source.pk,
            "from_name": source.name,
            "to_authority": to.pk,
            "to_name": to.name,
        },
    )
    return application


@transaction.atomic
def move_application(
    *, by: User, application: Application, expected_version: int, to: Authority, comment: str = ""
) -> Application:
    """Route a mis-routed application to another authority; both authorities see the move in history."""
    _city_admin(by)
    current = lock(application, expected_version)
    check(current, Action.MOVE, by=by)
    if current.authority_id == to.pk:
        raise TransitionNotAllowed(
            problems=[flow_problem(FlowCode.ALREADY_WITH_AUTHORITY, authority=to.name)]
        )
    return _move(current, by=by, to=to, comment=comment.strip())


@transaction.atomic
def move_organisation(
    *, by: User, organisation: Organisation, to: Authority, comment: str = ""
) -> list[Application]:
    """The organisation now belongs to ``to``; its applications still with their authority follow it."""
    _city_admin(by)
    if organisation.authority_id == to.pk:
        raise TransitionNotAllowed(
            problems=[flow_problem(FlowCode.ORGANISATION_ALREADY_WITH, authority=to.name)]
        )
    Organisation.objects.filter(pk=organisation.pk).update(authority=to)
    organisation.authority = to
    moved = []
    for application in (
        Application.objects.select_for_update()
        .select_related("authority", "call", "organisation")
        .filter(organisation=organisation, status__in=[s.value for s in MOVABLE_STATUSES])
        .exclude(authority=to)
    ):
        check(application, Action.MOVE, by=by)
        moved.append(_move(application, by=by, to=to, comment=comment.strip()))
    return moved
