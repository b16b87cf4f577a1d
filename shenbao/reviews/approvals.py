"""City admin use cases: approve or send back a reported application, move it, record payment."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext

from shenbao.accounts.models import User
from shenbao.applications.models import Application, RosterRow
from shenbao.applications.notifications import notify
from shenbao.applications.transitions import apply_transition, lock, record_event
from shenbao.directory.models import Authority
from shenbao.domain.support import amount_due
from shenbao.domain.workflow import Action, Status, TransitionNotAllowed
from shenbao.organisations.models import Organisation

# An application still with the district may follow its organisation to another authority.
MOVABLE_STATUSES = frozenset({Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.ACCEPTED})


def _city_admin(by: User) -> None:
    if not by.is_city_admin:
        raise Http404


def approve_application(*, by: User, application: Application, expected_version: int) -> Application:
    """Amount = eligible persons × the call's standard for the kind, fixed now, in the same transition."""
    _city_admin(by)
    with transaction.atomic():
        current = lock(application, expected_version)
        eligible = current.rows.filter(decision=RosterRow.Decision.ELIGIBLE).count()
        standard = current.call.standard_for(current.kind)
        amount = amount_due(eligible, standard)
        approved = apply_transition(
            current,
            action=Action.APPROVE,
            by=by,
            expected_version=None,
            data={"eligible_persons": eligible, "standard": str(standard), "amount": str(amount)},
            eligible_persons=eligible,
            amount=amount,
        )
    notify(approved, Action.APPROVE)
    return approved


def send_back_application(
    *, by: User, application: Application, expected_version: int, reason: str
) -> Application:
    """Back to the district for another review, with the city's reason."""
    _city_admin(by)
    if not reason.strip():
        raise TransitionNotAllowed(gettext("请填写退回区级重审的原因。"))
    return apply_transition(
        application,
        action=Action.SEND_BACK,
        by=by,
        expected_version=expected_version,
        comment=reason.strip(),
        summary=None,
    )


def pay_application(
    *, by: User, application: Application, expected_version: int, comment: str = ""
) -> Application:
    _city_admin(by)
    paid = apply_transition(
        application, action=Action.PAY, by=by, expected_version=expected_version, comment=comment.strip()
    )
    notify(paid, Action.PAY, comment.strip())
    return paid


def _move(application: Application, *, by: User, to: Authority, comment: str) -> Application:
    source = application.authority
    application.authority = to
    application.version += 1
    application.save(update_fields=["authority", "version", "updated_at"])
    record_event(
        application,
        by=by,
        action="move",
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
    if current.authority_id == to.pk:
        raise TransitionNotAllowed(gettext("该申报已由%(authority)s受理。") % {"authority": to.name})
    if Status(current.status) not in MOVABLE_STATUSES:
        raise TransitionNotAllowed(gettext("申报已上报市级，不能再移交其他区；请先退回区级重审。"))
    return _move(current, by=by, to=to, comment=comment.strip())


@transaction.atomic
def move_organisation(
    *, by: User, organisation: Organisation, to: Authority, comment: str = ""
) -> list[Application]:
    """The organisation now belongs to ``to``; its applications still with the district follow it."""
    _city_admin(by)
    if organisation.authority_id == to.pk:
        raise TransitionNotAllowed(gettext("该单位已属于%(authority)s。") % {"authority": to.name})
    Organisation.objects.filter(pk=organisation.pk).update(authority=to)
    organisation.authority = to
    moved = []
    for application in (
        Application.objects.select_for_update()
        .select_related("authority")
        .filter(organisation=organisation, status__in=[s.value for s in MOVABLE_STATUSES])
        .exclude(authority=to)
    ):
        moved.append(_move(application, by=by, to=to, comment=comment.strip()))
    return moved
