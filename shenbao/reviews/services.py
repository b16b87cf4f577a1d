"""Authority reviewer use cases: decide per person, record receipt, return, accept, reject, report (附件2).

Each asks the flow (transitions.check / apply_transition) before it changes anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from shenbao.accounts.models import User
from shenbao.applications.models import Application, ReturnReason, RosterRow
from shenbao.applications.notifications import notify
from shenbao.applications.transitions import StaleView, apply_transition, check, lock, record_event
from shenbao.calls.models import Call
from shenbao.domain.events import EventKind
from shenbao.domain.flow import Given
from shenbao.domain.flow.messages import FlowCode, flow_problem
from shenbao.domain.text import join_clauses
from shenbao.domain.workflow import Action, Status, TransitionNotAllowed
from shenbao.reviews.models import Summary
from shenbao.reviews.roster_filter import RosterQuery, filtered_rows, without_findings


def _reviewer_of(by: User, application: Application) -> None:
    """Only the reviewer of the application's authority; anyone else is told nothing exists (404)."""
    if not by.is_reviewer or by.authority_id != application.authority_id:
        raise Http404


@dataclass(frozen=True)
class RowDecision:
    row_id: int
    version: int


@transaction.atomic
def decide_rows(
    *,
    by: User,
    application: Application,
    rows: Sequence[RowDecision],
    decision: str,
    reason: str = "",
) -> list[RosterRow]:
    """Eligible / not eligible (with a reason) for the rows, each checked against the version it was shown."""
    _reviewer_of(by, application)
    current = Application.objects.get(pk=application.pk)
    check(current, Action.DECIDE_ROWS, by=by)
    reason = _checked_reason(decision, reason)
    if not rows:
        raise TransitionNotAllowed(problems=[flow_problem(FlowCode.NOBODY_CHOSEN)])
    wanted = {r.row_id: r.version for r in rows}
    locked = list(
        RosterRow.objects.select_for_update().filter(application=current, pk__in=wanted).order_by("pk")
    )
    if len(locked) != len(wanted):
        raise Http404
    if any(row.version != wanted[row.pk] for row in locked):
        raise StaleView
    now = timezone.now()
    for row in locked:
        row.decision = decision
        row.decision_reason = reason
        row.decided_by = by
        row.decided_at = now
        # What the decision was made on: a re-upload keeps it while this row stays the same.
        row.decided_digest = row.digest
        row.earlier_decision = row.earlier_reason = ""
        row.version += 1
    RosterRow.objects.bulk_update(
        locked,
        [
            "decision",
            "decision_reason",
            "decided_by",
            "decided_at",
            "decided_digest",
            "earlier_decision",
            "earlier_reason",
            "version",
        ],
    )
    record_event(
        current,
        by=by,
        kind=EventKind.DECIDE_ROWS,
        comment=reason,
        data={"decision": decision, "rows": sorted(row.number for row in locked)},
    )
    return locked


def _checked_reason(decision: str, reason: str) -> str:
    if decision not in (RosterRow.Decision.ELIGIBLE, RosterRow.Decision.INELIGIBLE):
        raise TransitionNotAllowed(problems=[flow_problem(FlowCode.DECISION_MISSING)])
    reason = reason.strip()
    if decision == RosterRow.Decision.INELIGIBLE and not reason:
        raise TransitionNotAllowed(problems=[flow_problem(FlowCode.INELIGIBLE_REASON_MISSING)])
    return reason


@transaction.atomic
def decide_filtered(
    *, by: User, application: Application, query: RosterQuery, decision: str, reason: str, expected: int
) -> int:
    """One decision for every undecided person without any finding that ``query`` shows.

    ``expected`` is the count the confirmation page stated: if the roster changed since, nothing is
    decided and the reviewer confirms the new count. Persons with findings are decided one by one.
    """
    _reviewer_of(by, application)
    current = Application.objects.select_for_update().get(pk=application.pk)
    check(current, Action.DECIDE_ROWS, by=by)
    reason = _checked_reason(decision, reason)
    reached = without_findings(filtered_rows(current, query))
    ids = list(reached.values_list("pk", flat=True))
    if len(ids) != expected:
        raise TransitionNotAllowed(problems=[flow_problem(FlowCode.BULK_COUNT_CHANGED, count=len(ids))])
    if not ids:
        raise TransitionNotAllowed(problems=[flow_problem(FlowCode.BULK_NOBODY)])
    RosterRow.objects.filter(application=current, pk__in=reached.values("pk")).update(
        decision=decision,
        decision_reason=reason,
        decided_by=by,
        decided_at=timezone.now(),
        decided_digest=F("digest"),
        earlier_decision="",
        earlier_reason="",
        version=F("version") + 1,
    )
    record_event(
        current,
        by=by,
        kind=EventKind.DECIDE_ROWS,
        comment=reason,
        data={"decision": decision, "filter": query.params(), "persons": len(ids)},
    )
    return len(ids)


@transaction.atomic
def record_receipt(
    *,
    by: User,
    application: Application,
    expected_version: int,
    paper_volumes_received: int,
    materials_complete: bool,
    review_remarks: str = "",
) -> Application:
    """Paper volumes received, electronic materials complete or not, and the remark for 附件2."""
    _reviewer_of(by, application)
    current = lock(application, expected_version)
    check(current, Action.RECORD_RECEIPT, by=by)
    current.paper_volumes_received = paper_volumes_received
    current.materials_complete = materials_complete
    current.review_remarks = review_remarks.strip()
    # A new count is acknowledged afresh when the application is accepted.
    current.volumes_acknowledged = False
    current.version += 1
    current.save()
    record_event(
        current,
        by=by,
        kind=EventKind.RECORD_RECEIPT,
        data={"paper_volumes_received": paper_volumes_received, "materials_complete": materials_complete},
    )
    return current


@dataclass(frozen=True)
class Reason:
    text: str
    row_number: int | None = None


def return_application(
    *,
    by: User,
    application: Application,
    expected_version: int,
    reasons: Sequence[Reason],
    deadline: date | None,
) -> Application:
    """Back to the applicant for correction, with reasons (pinned to rows or general) and a deadline."""
    _reviewer_of(by, application)
    reasons = [Reason(r.text.strip(), r.row_number) for r in reasons if r.text.strip()]
    comment = join_clauses(
        f"第 {r.row_number} 行：{r.text}" if r.row_number is not None else r.text for r in reasons
    )
    with transaction.atomic():
        numbers = {r.row_number for r in reasons if r.row_number is not None}
        known = set(application.rows.filter(number__in=numbers).values_list("number", flat=True))
        missing = sorted(numbers - known)
        if missing:
            raise TransitionNotAllowed(
                problems=[flow_problem(FlowCode.RETURN_ROWS_UNKNOWN, rows="、".join(map(str, missing)))]
            )
        returned = apply_transition(
            application,
            action=Action.RETURN,
            by=by,
            expected_version=expected_version,
            given=Given(reason=comment, deadline=deadline),
            comment=comment,
            data={"deadline": deadline.isoformat() if deadline else ""},
            correction_deadline=deadline,
        )
        event = returned.events.order_by("-pk").first()
        assert event is not None
        ReturnReason.objects.bulk_create(
            [
                ReturnReason(application=returned, event=event, row_number=r.row_number, text=r.text[:300])
                for r in reasons
            ]
        )
    assert deadline is not None  # the flow refuses a return without one
    notify(
        returned,
        Action.RETURN,
        gettext("%(comment)s（补正截止日期：%(year)s年%(month)s月%(day)s日）")
        % {"comment": comment, "year": deadline.year, "month": deadline.month, "day": deadline.day},
    )
    return returned


def accept_application(
    *,
    by: User,
    application: Application,
    expected_version: int,
    override_reason: str = "",
    volumes_acknowledged: bool = False,
) -> Application:
    """Accepted by the authority: everyone decided, receipt recorded; the catalog and paper findings answered."""
    _reviewer_of(by, application)
    override_reason = override_reason.strip()
    given = Given(override_reason=override_reason, volumes_acknowledged=volumes_acknowledged)
    data: dict[str, object] = {}
    if override_reason:
        data["override_reason"] = override_reason
    if volumes_acknowledged:
        data["volumes_acknowledged"] = True
    accepted = apply_transition(
        application,
        action=Action.ACCEPT,
        by=by,
        expected_version=expected_version,
        given=given,
        comment=override_reason,
        data=data,
        override_reason=override_reason,
        volumes_acknowledged=volumes_acknowledged,
    )
    notify(accepted, Action.ACCEPT)
    return accepted


def reject_application(
    *, by: User, application: Application, expected_version: int, reason: str
) -> Application:
    _reviewer_of(by, application)
    rejected = apply_transition(
        application,
        action=Action.REJECT,
        by=by,
        expected_version=expected_version,
        given=Given(reason=reason),
        comment=reason.strip(),
    )
    notify(rejected, Action.REJECT, reason.strip())
    return rejected


def reportable(by: User, call: Call) -> list[Application]:
    """The authority's accepted applications of ``call``: what the next 附件2 summary reports."""
    if not by.is_reviewer or by.authority is None:
        raise Http404
    return list(
        Application.objects.filter(authority=by.authority, call=call, status=Status.ACCEPTED)
        .select_related("organisation", "call", "authority")
        .order_by("pk")
    )


@transaction.atomic
def report_summary(*, by: User, call: Call, expected: Sequence[tuple[int, int]] | None = None) -> Summary:
    """附件2 to the city: a Summary of every accepted application of the authority, each moved to REPORTED.

    ``expected`` is the (pk, version) of each application the confirmation page listed; a summary
    that changed since is refused, so the city receives exactly what the reviewer confirmed.
    """
    if not by.is_reviewer or by.authority is None:
        raise Http404
    accepted = list(
        Application.objects.select_for_update()
        .filter(authority=by.authority, call=call, status=Status.ACCEPTED)
        .order_by("pk")
    )
    if not accepted:
        raise TransitionNotAllowed(problems=[flow_problem(FlowCode.NOTHING_TO_REPORT)])
    if expected is not None and sorted(expected) != [(a.pk, a.version) for a in accepted]:
        raise StaleView
    summary = Summary.objects.create(call=call, authority=by.authority, reported_by=by)
    for application in accepted:
        apply_transition(
            application,
            action=Action.REPORT,
            by=by,
            expected_version=None,
            data={"summary": summary.pk},
            summary=summary,
        )
    return summary
