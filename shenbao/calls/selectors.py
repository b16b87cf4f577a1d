"""Reads for calls: the call to announce, and the public notice of approved applications."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from shenbao.calls.models import Call
from shenbao.domain.workflow import Status


def announced_call(on: date) -> Call | None:
    """The call open on ``on``; else the next one to open; else the latest."""
    calls = Call.objects.all()
    return (
        calls.filter(opens_on__lte=on, closes_on__gte=on).first()
        or calls.filter(opens_on__gt=on).order_by("opens_on").first()
        or calls.order_by("-year").first()
    )


@dataclass(frozen=True)
class NoticeLine:
    organisation: str
    kind: str
    persons: int
    amount: Decimal


def current_publicity(on: date) -> Call | None:
    """The published call whose 公示 period covers ``on``; else the latest published one."""
    published = Call.objects.filter(published_at__isnull=False)
    running = (
        published.filter(publicity_starts_on__lte=on, publicity_ends_on__gte=on).order_by("-year").first()
    )
    return running or published.order_by("-year").first()


def published_call(year: int) -> Call:
    call = Call.objects.filter(year=year, published_at__isnull=False).first()
    if call is None:
        raise Http404
    return call


def approved_applications(call: Call) -> QuerySet[Any]:
    # Through the reverse relation: the applications app sits above this one and is not imported here.
    return (
        call.applications.filter(status__in=[Status.APPROVED, Status.PAID])
        .select_related("organisation", "authority")
        .order_by("authority__number", "kind", "organisation__name")
    )


def public_notice(call: Call) -> list[NoticeLine]:
    """Organisation, kind, persons approved and amount: nothing about any person."""
    return [
        NoticeLine(
            organisation=a.organisation.name,
            kind=a.get_kind_display(),
            persons=a.eligible_persons or 0,
            amount=a.amount or Decimal("0"),
        )
        for a in approved_applications(call)
    ]
