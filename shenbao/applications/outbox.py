"""Changes recorded for the cross-checks, in the transaction of the change (the crosschecks app follows them)."""

from __future__ import annotations

from collections.abc import Iterable

from shenbao.applications.models import Application, Outbox

Topic = Outbox.Topic


def record(application: Application, *, topic: Outbox.Topic, hashes: Iterable[str] = ()) -> Outbox:
    """Note that ``application`` changed; call inside the transaction that changed it.

    The worker refreshes the cross-checks from these (crosschecks/outbox.py): the refresh is not
    lost if the process dies after the commit, and this app does not call the one above it.
    """
    return Outbox.objects.create(application=application, topic=topic, hashes=sorted(set(hashes) - {""}))
