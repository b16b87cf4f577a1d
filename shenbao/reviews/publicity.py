"""The city's 公示 of a call's approved list: once every reported application is decided."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from shenbao.accounts.models import User
from shenbao.applications import facts as stored
from shenbao.applications.transitions import actor_of
from shenbao.audit.models import Action as AuditAction
from shenbao.audit.services import record as audit
from shenbao.calls.models import Call
from shenbao.domain.flow import Given, require
from shenbao.domain.workflow import Action


@transaction.atomic
def publish_call(*, by: User, call: Call, starts_on: date | None, ends_on: date | None, contact: str) -> Call:
    """Publish the approved list with its period and the contact for objections."""
    if not by.is_city_admin:
        raise Http404
    current = Call.objects.select_for_update().get(pk=call.pk)
    given = Given(publicity_starts_on=starts_on, publicity_ends_on=ends_on, contact=contact)
    require(Action.PUBLISH, stored.call_facts(current), actor_of(by), stored.today(), given)
    Call.objects.filter(pk=call.pk).update(
        published_at=timezone.now(),
        publicity_starts_on=starts_on,
        publicity_ends_on=ends_on,
        publicity_contact=contact.strip(),
    )
    current.refresh_from_db()
    audit(actor=by, action=AuditAction.DECISION, target=current, event="publish")
    return current
