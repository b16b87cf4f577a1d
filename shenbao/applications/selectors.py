"""Who sees which application: applicants their organisation's, reviewers their authority's, the city all."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import F, QuerySet
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shenbao.accounts.models import User
from shenbao.applications.labels import lazy_action_labels, status_label
from shenbao.applications.models import Application, Event, ReturnReason, RosterRow, RosterUpload
from shenbao.calls.models import Call
from shenbao.domain.workflow import EDITABLE_STATUSES, STAFF_VISIBLE_STATUSES, Action, Status

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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
    """The applicant who sent the roster, the reviewer of its district and the city admin."""
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
class _Version:
    key: str
    person: Person
    values: dict[str, str]


def changes_since_last_submission(application: Application) -> RosterChanges:
    """While returned: the current roster against the last submission. Once resubmitted: the last
    submission against the one before it, which is what the reviewer of a resubmission needs."""
    numbers = sorted(
        set(application.submitted_rows.values_list("submission", flat=True).distinct()), reverse=True
    )
    if not numbers:
        return RosterChanges(compared=False)
    if Status(application.status) in EDITABLE_STATUSES:
        before = _submitted(application, numbers[0])
        after = [
            _Version(
                row.id_hash or f"row:{row.number}", Person(row.number, row.name, row.id_masked), row.values
            )
            for row in application.rows.all()
        ]
    elif len(numbers) > 1:
        before = _submitted(application, numbers[1])
        after = _submitted(application, numbers[0])
    else:
        return RosterChanges(compared=False)
    return _compare(before, after)


def _submitted(application: Application, submission: int) -> list[_Version]:
    return [
        _Version(row.id_hash, Person(row.number, row.name, row.id_masked), row.values)
        for row in application.submitted_rows.filter(submission=submission).order_by("number")
    ]


def _compare(before: list[_Version], after: list[_Version]) -> RosterChanges:
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
    """The next thing the applicant has to do, in one sentence."""
    status = Status(application.status)
    if status is Status.RETURNED:
        deadline = application.correction_deadline
        if deadline is not None and on > deadline:
            return gettext("补正期限已过，请联系主管部门。")
        until = (
            gettext("，%(year)s年%(month)s月%(day)s日前")
            % {"year": deadline.year, "month": deadline.month, "day": deadline.day}
            if deadline
            else ""
        )
        return gettext("按退回原因修改后重新提交%(until)s。") % {"until": until}
    if status is not Status.DRAFT:
        return {
            Status.SUBMITTED: gettext("等待主管部门审核；审核开始前可以撤回。"),
            Status.WITHDRAWN: gettext("申报已撤回。"),
            Status.ACCEPTED: gettext("区主管部门已审核通过，等待上报市级。"),
            Status.REJECTED: gettext("申报未通过审核。"),
            Status.REPORTED: gettext("已上报市级，等待审定。"),
            Status.APPROVED: gettext("市级已审定，等待拨付。"),
            Status.PAID: gettext("支持资金已拨付。"),
        }[status]
    if application.persons == 0:
        return gettext("下载模板，填写花名册后上传。")
    if application.error_rows:
        return gettext("花名册有 %(rows)s 行存在错误，请在线修改或重新上传。") % {
            "rows": application.error_rows
        }
    if not application.call.is_open(on):
        return gettext("本批次受理期已结束，不能再提交。")
    return gettext("上传电子材料，填写纸质材料册数，确认告知声明后提交。")


def roster_outcome(application: Application, upload: RosterUpload | None) -> str:
    """Which of the check page's outcomes to show: pending, unusable, failed, empty, problems or ready."""
    if upload is not None:
        if upload.state in (RosterUpload.State.QUEUED, RosterUpload.State.RUNNING):
            return "pending"
        if upload.state == RosterUpload.State.UNUSABLE:
            return "unusable"
        if upload.state == RosterUpload.State.FAILED:
            return "failed"
    if application.persons == 0:
        return "empty"
    return "problems" if application.error_rows else "ready"


def roster_rows(application: Application, *, only_problems: bool) -> QuerySet[RosterRow]:
    rows = application.rows.order_by("number")
    return rows.exclude(problems=[]) if only_problems else rows


def warning_rows(application: Application) -> int:
    return application.rows.filter(has_errors=False).exclude(problems=[]).count()


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
    messages: list[str]  # every problem of the row, in plain Chinese


def row_view(row: RosterRow, columns: list[str]) -> RowView:
    """A stored row as the roster table shows it: masked ID number, each cell with its problems."""
    by_column: dict[str, list[dict[str, object]]] = {}
    for problem in row.problems:
        by_column.setdefault(str(problem.get("column") or ""), []).append(problem)
    cells = []
    for column in columns:
        value = row.id_masked if column == "证件号码" else str(row.values.get(column, ""))
        found = by_column.get(column, [])
        severity = ""
        if found:
            severity = "error" if any(p.get("severity") == "error" for p in found) else "warning"
        cells.append(Cell(column, value, severity, [str(p.get("message", "")) for p in found]))
    return RowView(row, cells, [str(p.get("message", "")) for p in row.problems])


EVENT_LABELS: dict[str, StrOrPromise] = {
    **lazy_action_labels(),
    "create": _("创建申报"),
    "upload_roster": _("上传花名册"),
    "edit_cell": _("在线修改花名册"),
    "add_attachment": _("上传电子版材料"),
    "remove_attachment": _("删除电子版材料"),
    "update_details": _("填写纸质材料册数和备注"),
    "decide_rows": _("逐人审核"),
    "record_receipt": _("登记材料接收"),
    "move": _("移交主管部门"),
}


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
                label=str(EVENT_LABELS.get(event.action, event.action)),
                from_label=status_label(event.from_status) if event.from_status else "",
                to_label=status_label(event.to_status) if event.to_status else "",
                detail=_event_detail(event),
            )
        )
    return entries


def _event_detail(event: Event) -> str:
    data = event.data or {}
    if event.action == "upload_roster":
        return gettext("%(rows)s 行") % {"rows": data.get("rows", 0)}
    if event.action == "edit_cell":
        columns = "、".join(str(c) for c in data.get("columns", []) or [data.get("column", "")] if c)
        if columns:
            return gettext("第 %(row)s 行：%(columns)s") % {"row": data.get("row"), "columns": columns}
        return gettext("第 %(row)s 行") % {"row": data.get("row")}
    if event.action in ("add_attachment", "remove_attachment"):
        return str(data.get("name", ""))
    if event.action == "update_details":
        return gettext("纸质材料 %(volumes)s 本") % {"volumes": data.get("paper_volumes")}
    changes = data.get("changes")
    if isinstance(changes, dict):
        return gettext("与上次提交相比：新增 %(added)s 人，删除 %(removed)s 人，修改 %(changed)s 人") % {
            "added": changes.get("added", 0),
            "removed": changes.get("removed", 0),
            "changed": changes.get("changed", 0),
        }
    return ""


def latest_return(application: Application) -> tuple[Event | None, list[ReturnReason]]:
    """The last return for correction and its reasons (the whole application first, then by row)."""
    event = application.events.filter(action=Action.RETURN).order_by("-at", "-pk").first()
    if event is None:
        return None, []
    return event, list(event.reasons.order_by(F("row_number").asc(nulls_first=True), "pk"))
