"""Who sees which application: applicants their organisation's, reviewers their authority's, the city all."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from shenbao.accounts.models import User
from shenbao.applications.facts import RosterCounts, application_facts
from shenbao.applications.labels import event_label, problem_text, status_label, words_of
from shenbao.applications.models import (
    EMPTY_LIST,
    Application,
    Event,
    ReturnReason,
    RosterChange,
    RosterRow,
    RosterUpload,
)
from shenbao.calls.models import Call
from shenbao.domain import flow
from shenbao.domain.events import EventKind
from shenbao.domain.workflow import EDITABLE_STATUSES, STAFF_VISIBLE_STATUSES, Status


def applications_visible_to(user: User) -> QuerySet[Application]:
    """Applicants their organisation's; staff their scope's once submitted (STAFF_VISIBLE_STATUSES)."""
    queryset = Application.objects.select_related("call", "organisation", "authority")
    if user.is_city_admin or user.is_reviewer:
        queryset = queryset.filter(status__in=[status.value for status in STAFF_VISIBLE_STATUSES])
        return queryset if user.is_city_admin else queryset.filter(authority=user.authority)
    return queryset.filter(organisation_id=user.organisation_id or 0)


def get_visible_application(user: User, pk: int) -> Application:
    application = applications_visible_to(user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def can_see_full_ids(user: User, application: Application) -> bool:
    """The applicant who sent the roster, the reviewer of its authority and the city admin."""
    if user.is_city_admin:
        return True
    if user.is_reviewer:
        return user.authority_id == application.authority_id
    return user.organisation_id == application.organisation_id


def rows_with_errors(application: Application) -> QuerySet[RosterRow]:
    return application.rows.filter(has_errors=True)


@dataclass(frozen=True, slots=True)
class Person:
    number: int  # the spreadsheet row number
    name: str
    id_masked: str


@dataclass(frozen=True, slots=True)
class CellChange:
    column: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class ChangedPerson:
    person: Person
    cells: list[CellChange]


@dataclass(frozen=True, slots=True)
class RosterChanges:
    """Persons added, removed and changed between two versions of a roster (matched by ID type and number)."""

    compared: bool  # False when there is no earlier submission to compare with
    added: list[Person] = field(default_factory=list)
    removed: list[Person] = field(default_factory=list)
    changed: list[ChangedPerson] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True, slots=True)
class PersonVersion:
    key: str
    person: Person
    values: dict[str, str]


def changes_since_last_submission(application: Application) -> RosterChanges:
    """While returned: the current roster against the last submission. Once resubmitted: the last
    submission against the one before it, which is what the reviewer of a resubmission needs."""
    if Status(application.status) not in EDITABLE_STATUSES:
        return stored_changes(application)
    latest = _latest_submission(application)
    if latest is None:
        return RosterChanges(compared=False)
    before = _submitted(application, latest)
    after = [
        PersonVersion(
            row.id_hash or f"row:{row.number}", Person(row.number, row.name, row.id_masked), row.values
        )
        for row in application.rows.all()
    ]
    return compare_versions(before, after)


def _latest_submission(application: Application) -> int | None:
    submitted = application.submitted_rows.order_by("-submission")
    return submitted.values_list("submission", flat=True).first()


def stored_changes(application: Application, *, limit: int | None = None) -> RosterChanges:
    """The latest submission's changes as stored when it was made (changes.record_submission_changes).

    Compared once there is a submission before it (the last two are kept). ``limit`` caps each list,
    for a page; the counts are then in change_counts.
    """
    latest = _latest_submission(application)
    if latest is None or not application.submitted_rows.filter(submission=latest - 1).exists():
        return RosterChanges(compared=False)
    stored = application.roster_changes.filter(submission=latest)
    lists: dict[str, list[RosterChange]] = {}
    for kind in RosterChange.Kind:
        of_kind = stored.filter(kind=kind).order_by("number", "pk")
        lists[kind] = list(of_kind[:limit] if limit is not None else of_kind)
    return RosterChanges(
        compared=True,
        added=[_person(change) for change in lists[RosterChange.Kind.ADDED]],
        removed=[_person(change) for change in lists[RosterChange.Kind.REMOVED]],
        changed=[
            ChangedPerson(_person(change), [CellChange(*cell) for cell in change.cells])
            for change in lists[RosterChange.Kind.CHANGED]
        ],
    )


CHANGES_SHOWN = 100  # persons of each kind a page lists; the filter 「审核后已修改」 reaches the rest


def changes_shown(application: Application) -> tuple[RosterChanges, dict[str, int]]:
    """What the review page lists, and how many there are of each kind: while editable the live
    comparison, once submitted the stored one (its first CHANGES_SHOWN persons of each kind)."""
    if Status(application.status) in EDITABLE_STATUSES:
        # changes.py builds on this module's types: imported here. The same queries as at submission
        # (a returned 100,000-row roster is viewed often).
        from shenbao.applications.changes import compare_with_submission

        latest = _latest_submission(application)
        if latest is None:
            return RosterChanges(compared=False), dict.fromkeys(RosterChange.Kind.values, 0)
        return compare_with_submission(application, latest, limit=CHANGES_SHOWN)
    return stored_changes(application, limit=CHANGES_SHOWN), change_counts(application)


def change_counts(application: Application) -> dict[str, int]:
    """How many persons the latest submission added, removed and changed (as stored)."""
    latest = _latest_submission(application)
    counts = dict.fromkeys(RosterChange.Kind.values, 0)
    if latest is None:
        return counts
    of_latest = application.roster_changes.filter(submission=latest).order_by()
    counts.update(dict(of_latest.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")))
    return counts


def _person(change: RosterChange) -> Person:
    return Person(change.number, change.name, change.id_masked)


def _submitted(application: Application, submission: int) -> list[PersonVersion]:
    return [
        PersonVersion(row.id_hash, Person(row.number, row.name, row.id_masked), row.values)
        for row in application.submitted_rows.filter(submission=submission).order_by("number")
    ]


def compare_versions(before: list[PersonVersion], after: list[PersonVersion]) -> RosterChanges:
    old = {version.key: version for version in before}
    new = {version.key: version for version in after}
    changed = []
    for key, version in new.items():
        previous = old.get(key)
        if previous is None or previous.values == version.values:
            continue
        columns = sorted(set(previous.values) | set(version.values))
        cells = [
            CellChange(column, previous.values.get(column, ""), version.values.get(column, ""))
            for column in columns
            if previous.values.get(column, "") != version.values.get(column, "")
        ]
        changed.append(ChangedPerson(version.person, cells))
    return RosterChanges(
        compared=True,
        added=[v.person for k, v in new.items() if k not in old],
        removed=[v.person for k, v in old.items() if k not in new],
        changed=sorted(changed, key=lambda c: c.person.number),
    )


def open_call(on: date) -> Call | None:
    """The call that accepts first submissions on ``on`` (one per year may be open at a time)."""
    for call in Call.objects.filter(opens_on__lte=on, closes_on__gte=on).order_by("-year"):
        return call
    return None


def latest_upload(application: Application) -> RosterUpload | None:
    return application.uploads.order_by("-created_at", "-pk").first()


def next_step(application: Application, on: date) -> str:
    """The next thing the applicant has to do, in one sentence (the flow's words)."""
    return problem_text(flow.next_step(application_facts(application), on))


def roster_outcome(counts: RosterCounts, upload: RosterUpload | None) -> str:
    """Which of the check page's outcomes to show: pending, unusable, failed, empty, problems or ready."""
    if upload is not None:
        if upload.state in (RosterUpload.State.QUEUED, RosterUpload.State.RUNNING):
            return "pending"
        if upload.state == RosterUpload.State.UNUSABLE:
            return "unusable"
        if upload.state == RosterUpload.State.FAILED:
            return "failed"
    if counts.persons == 0:
        return "empty"
    return "problems" if counts.error_rows else "ready"


def roster_rows(application: Application, *, only_problems: bool) -> QuerySet[RosterRow]:
    rows = application.rows.order_by("number")
    return rows.exclude(problems=EMPTY_LIST) if only_problems else rows


@dataclass(frozen=True, slots=True)
class Cell:
    column: str
    value: str
    severity: str  # "error", "warning" or ""
    messages: list[str]


@dataclass(frozen=True, slots=True)
class RowView:
    row: RosterRow
    cells: list[Cell]
    messages: list[str]  # every format problem of the row, in the viewer's language
    findings: list[str]  # eligibility hints: the reviewer decides on them
    reasons: list[str]  # the reviewer's return reasons pinned to this row


def row_view(row: RosterRow, columns: list[str], reasons: list[str] | None = None) -> RowView:
    """A stored row as the roster table shows it: masked ID number, each cell with its problems and hints."""
    by_column: dict[str, list[dict[str, object]]] = {}
    for problem in row.problems:
        by_column.setdefault(str(problem.get("column") or ""), []).append(problem)
    hinted = {str(finding.get("column") or "") for finding in row.findings}
    cells = []
    for column in columns:
        value = row.id_masked if column == "证件号码" else str(row.values.get(column, ""))
        found = by_column.get(column, [])
        severity = ""
        if found:
            severity = "error" if any(p.get("severity") == "error" for p in found) else "warning"
        elif column in hinted:
            severity = "warning"
        cells.append(Cell(column, value, severity, [words_of(p) for p in found]))
    return RowView(
        row,
        cells,
        [words_of(p) for p in row.problems],
        [words_of(f) for f in row.findings],
        reasons or [],
    )


def reasons_by_row(application: Application) -> dict[int, list[str]]:
    """While returned: row number → the reasons the reviewer pinned to it."""
    if application.status != Status.RETURNED:
        return {}
    _, reasons = latest_return(application)
    pinned: dict[int, list[str]] = {}
    for reason in reasons:
        if reason.row_number is not None:
            pinned.setdefault(reason.row_number, []).append(reason.text)
    return pinned


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    event: Event
    label: str
    from_label: str
    to_label: str
    detail: str


def history(application: Application) -> list[HistoryEntry]:
    """The application's events, oldest first, in words."""
    entries = []
    for event in application.events.select_related("actor").prefetch_related("reasons"):
        entries.append(
            HistoryEntry(
                event=event,
                label=event_label(event.action),
                from_label=status_label(event.from_status) if event.from_status else "",
                to_label=status_label(event.to_status) if event.to_status else "",
                detail=_event_detail(event),
            )
        )
    return entries


def _event_detail(event: Event) -> str:
    data = event.data or {}
    if event.action == EventKind.UPLOAD_ROSTER:
        return _upload_detail(data)
    if event.action in (EventKind.EDIT_ROW, "edit_cell"):
        columns = "、".join(str(c) for c in data.get("columns", []) or [data.get("column", "")] if c)
        if columns:
            return gettext("第 %(row)s 行：%(columns)s") % {"row": data.get("row"), "columns": columns}
        return gettext("第 %(row)s 行") % {"row": data.get("row")}
    if event.action in (EventKind.ADD_ATTACHMENT, EventKind.REMOVE_ATTACHMENT):
        return str(data.get("name", ""))
    if event.action == EventKind.UPDATE_DETAILS:
        return gettext("纸质材料 %(volumes)s 本") % {"volumes": data.get("paper_volumes")}
    changes = data.get("changes")
    if isinstance(changes, dict):
        return gettext("与上次提交相比：新增 %(added)s 人，删除 %(removed)s 人，修改 %(changed)s 人") % {
            "added": changes.get("added", 0),
            "removed": changes.get("removed", 0),
            "changed": changes.get("changed", 0),
        }
    return ""


def _upload_detail(data: dict[str, object]) -> str:
    rows = gettext("%(rows)s 行") % {"rows": data.get("rows", 0)}
    carry = data.get("carry")
    if not isinstance(carry, dict):
        return rows
    return rows + gettext(
        "；保留审核结论 %(kept)s 人，修改后待重新审核 %(changed)s 人，新增 %(new)s 人，删除 %(removed)s 人"
    ) % {
        "kept": carry.get("kept", 0),
        "changed": carry.get("changed", 0),
        "new": carry.get("new", 0),
        "removed": carry.get("removed_count", 0),
    }


def latest_return(application: Application) -> tuple[Event | None, list[ReturnReason]]:
    """The last return for correction and its reasons (the whole application first, then by row)."""
    event = application.events.filter(action=EventKind.RETURN).order_by("-at", "-pk").first()
    if event is None:
        return None, []
    return event, list(event.reasons.order_by(F("row_number").asc(nulls_first=True), "pk"))
