"""Reads for printing: who may print what, and which applications a 附件2 PDF lists."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from shenbao.accounts.models import User
from shenbao.applications.models import Application
from shenbao.calls.models import Call
from shenbao.directory.models import Authority
from shenbao.reviews import selectors as reviews
from shenbao.reviews.models import Summary
from shenbao.reviews.selectors import SummaryTable


def printable_application(user: User, pk: int) -> Application:
    """The applicant's own, the reviewer's authority's, anything for the city admin; else 404."""
    from shenbao.applications.selectors import get_visible_application

    return get_visible_application(user, pk)


def summary_scope(user: User, *, number: int, year: int) -> tuple[Authority, Call]:
    """The authority and call of a summary the user may print: their own authority, or the city admin."""
    authority = Authority.objects.filter(number=number).first()
    call = Call.objects.filter(year=year).first()
    if authority is None or call is None:
        raise Http404
    if user.is_city_admin or (user.is_reviewer and user.authority_id == authority.pk):
        return authority, call
    raise Http404


def draft_summary_tables(*, authority: Authority, call: Call, kind: str | None) -> list[SummaryTable]:
    """What the reviewer's summary page shows before reporting: accepted, not yet reported."""
    return _only(reviews.summary_tables(authority, reviews.accepted_for_summary(authority, call)), kind)


def reported_summary_tables(user: User, pk: int, *, kind: str | None) -> tuple[Call, list[SummaryTable]]:
    """A summary as reported to the city (404 outside the user's authority)."""
    return tables_of_reported(reviews.get_visible_summary(user, pk), kind=kind)


def tables_of_reported(reported: Summary, *, kind: str | None) -> tuple[Call, list[SummaryTable]]:
    """A reported summary's tables, for a user already allowed to see it (the worker's builder)."""
    applications: QuerySet[Application] = reported.applications.select_related("organisation")
    return reported.call, _only(reviews.summary_tables(reported.authority, applications), kind)


def _only(tables: list[SummaryTable], kind: str | None) -> list[SummaryTable]:
    return [table for table in tables if kind is None or table.kind == kind]
