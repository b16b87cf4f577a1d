"""Reads for printing: who may print what, and the 附件2 lines of one authority and call."""

from __future__ import annotations

from django.http import Http404

from shenbao.accounts.models import User
from shenbao.applications.models import Application
from shenbao.calls.models import Call
from shenbao.directory.models import Authority
from shenbao.domain.workflow import Status
from shenbao.printing.summary import SummaryLine

# Applications the district has passed: accepted and not yet reported, or already reported upward
# (and whatever the city did with them since), which are the rows 附件2 lists.
SUMMARY_STATUSES = (Status.ACCEPTED, Status.REPORTED, Status.APPROVED, Status.PAID)


def printable_application(user: User, pk: int) -> Application:
    """The applicant's own, the reviewer's district's, anything for the city admin; else 404."""
    from shenbao.applications.selectors import get_visible_application

    return get_visible_application(user, pk)


def summary_scope(user: User, *, number: int, year: int) -> tuple[Authority, Call]:
    """The authority and call of a summary the user may print: their own district, or the city admin."""
    authority = Authority.objects.filter(number=number).first()
    call = Call.objects.filter(year=year).first()
    if authority is None or call is None:
        raise Http404
    if user.is_city_admin or (user.is_reviewer and user.authority_id == authority.pk):
        return authority, call
    raise Http404


def summary_lines(*, authority: Authority, call: Call, kind: str) -> list[SummaryLine]:
    applications = (
        Application.objects.filter(
            authority=authority, call=call, kind=kind, status__in=[s.value for s in SUMMARY_STATUSES]
        )
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    return [
        SummaryLine(
            name=application.organisation.name,
            volumes=application.paper_volumes_received,
            electronic=application.materials_complete,
            remarks=application.review_remarks,
        )
        for application in applications
    ]
