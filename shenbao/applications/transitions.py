"""The one door through which an application changes: the flow asked first, versioned, recorded."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from shenbao.accounts.models import User
from shenbao.applications import facts as stored
from shenbao.applications import outbox
from shenbao.applications.models import Application, Event
from shenbao.audit.models import Action as AuditAction
from shenbao.audit.services import record as audit
from shenbao.domain.events import EventKind, event_of
from shenbao.domain.flow import Given, require
from shenbao.domain.workflow import Action, Actor, Status, TransitionNotAllowed

# Marked only: kept a plain str (tests match on it); translated when the error is raised.
STALE_MESSAGE = gettext_noop("已被他人修改，请刷新")


class StaleView(TransitionNotAllowed):
    """The change was made from a page that no longer shows the current state."""

    def __init__(self) -> None:
        super().__init__(gettext(STALE_MESSAGE))


def actor_of(user: User) -> Actor:
    return Actor(user.role)


def lock(application: Application, expected_version: int | None) -> Application:
    """Re-read the application under a row lock; refuse if the caller's view is stale."""
    current = Application.objects.select_for_update().get(pk=application.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleView
    return current


def check(
    application: Application, action: Action, *, by: User, given: Given | None = None, on: date | None = None
) -> Status | None:
    """Ask the flow whether ``by`` may take ``action`` now; raise TransitionNotAllowed if not.

    Returns the status the action leads to (None when it changes no status).
    """
    return require(action, stored.application_facts(application), actor_of(by), on or stored.today(), given)


def record_event(
    application: Application,
    *,
    by: User | None,
    kind: EventKind,
    comment: str = "",
    data: dict[str, Any] | None = None,
    from_status: str = "",
    to_status: str = "",
) -> Event:
    if by is not None and not by.is_applicant:
        # A reviewer's or the city admin's act on an application is a decision for the audit log.
        audit(
            actor=by, action=AuditAction.DECISION, target=application, event=kind.value, to_status=to_status
        )
    return Event.objects.create(
        application=application,
        actor=by,
        action=EventKind(kind).value,
        comment=comment,
        data=data or {},
        from_status=from_status,
        to_status=to_status,
    )


@transaction.atomic
def apply_transition(
    application: Application,
    *,
    action: Action,
    by: User,
    expected_version: int | None,
    given: Given | None = None,
    comment: str = "",
    data: dict[str, Any] | None = None,
    **changes: Any,
) -> Application:
    """Move the application by ``action`` if the flow allows it now, save ``changes`` with it, record the Event."""
    current = lock(application, expected_version)
    source = Status(current.status)
    target = check(current, action, by=by, given=given)
    if target is None:
        raise ValueError(f"{action} changes no status")
    current.status = target
    current.version += 1
    for name, value in changes.items():
        setattr(current, name, value)
    current.save()
    # Claims on the same persons elsewhere in the city change with this status (a withdrawal frees them,
    # an approval makes them "supported before"): the worker refreshes them from the outbox.
    outbox.record(current, topic=outbox.Topic.STATUS)
    record_event(
        current,
        by=by,
        kind=event_of(action),
        comment=comment,
        data=data,
        from_status=source.value,
        to_status=target.value,
    )
    return current
