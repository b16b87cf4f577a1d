"""Applicant use cases: create, upload and check the roster, correct a cell, attach, submit, withdraw."""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import date
from functools import partial

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from shenbao.accounts.models import User
from shenbao.applications import rows as stored_rows
from shenbao.applications.models import (
    Application,
    ApplicationKind,
    Attachment,
    RosterRow,
    RosterUpload,
    SubmittedRow,
)
from shenbao.applications.notifications import notify
from shenbao.applications.selectors import changes_since_last_submission
from shenbao.applications.transitions import StaleView, apply_transition, lock, record_event
from shenbao.calls.models import Call
from shenbao.crosschecks.services import refresh_findings
from shenbao.crosschecks.tasks import refresh_persons
from shenbao.domain import roster
from shenbao.domain.dates import days_between, parse_date
from shenbao.domain.problems import Severity
from shenbao.domain.workflow import EDITABLE_STATUSES, Action, Status, TransitionNotAllowed
from shenbao.organisations.models import OrganisationKind
from shenbao.uploads import check_attachment

KIND_FOR_ORGANISATION = {
    OrganisationKind.ENTERPRISE: ApplicationKind.EMPLOYEES,
    OrganisationKind.INSTITUTION: ApplicationKind.TRAINEES,
}


def today() -> date:
    return timezone.localdate()


def _own(by: User, application: Application) -> None:
    if not by.is_applicant or by.organisation_id != application.organisation_id:
        raise Http404


def _editable(application: Application) -> None:
    if Status(application.status) not in EDITABLE_STATUSES:
        raise TransitionNotAllowed("申报已提交，内容已冻结；只有被退回补正后才能修改。")


@transaction.atomic
def create_application(*, by: User, call: Call) -> Application:
    """The applicant's application for the open call; one per call and kind."""
    organisation = by.organisation
    if not by.is_applicant or organisation is None:
        raise Http404
    kind = KIND_FOR_ORGANISATION[OrganisationKind(organisation.kind)]
    existing = Application.objects.filter(call=call, organisation=organisation, kind=kind).first()
    if existing is not None:
        return existing
    if not call.is_open(today()):
        raise TransitionNotAllowed(
            f"{call}申报受理期为 {call.opens_on} 至 {call.closes_on}，当前不在受理期内。"
        )
    application = Application.objects.create(
        call=call,
        organisation=organisation,
        kind=kind,
        authority=organisation.authority,
        reference=f"tmp-{secrets.token_hex(8)}",
    )
    application.reference = f"SB{call.year}-{organisation.authority.number:02d}-{application.pk:06d}"
    application.save(update_fields=["reference"])
    record_event(application, by=by, action="create", to_status=Status.DRAFT.value)
    return application


def start_roster_upload(*, by: User, application: Application, upload: UploadedFile[bytes]) -> RosterUpload:
    """Store the file and queue its check; the request returns at once."""
    _own(by, application)
    _editable(application)
    if upload.size is not None and upload.size > settings.SHENBAO_UPLOAD_MAX_BYTES:
        limit = settings.SHENBAO_UPLOAD_MAX_BYTES // (1024 * 1024)
        raise TransitionNotAllowed(f"文件超过 {limit} MB 的上限，请删除无关内容或分成多个文件后再上传。")
    from shenbao.applications.tasks import process_roster_upload

    with transaction.atomic():
        job = RosterUpload(
            application=application,
            token=secrets.token_hex(16),
            original_name=(upload.name or "")[:255],
            size=upload.size or 0,
            uploaded_by=by,
        )
        job.file.save(job.token, upload, save=False)
        job.save()
        transaction.on_commit(lambda: process_roster_upload.enqueue(job.pk))
    return job


# Rows are prepared (ID numbers encrypted, findings computed) in batches of this size, with
# progress written after each: that is most of the work, done before the roster is locked.
PREPARE_BATCH = 2000


def process_upload(upload_id: int) -> None:
    """Check the uploaded file and, if usable, replace the roster in one transaction.

    Progress is reported in phases, each committed on its own before the replacing transaction
    starts (design.md: long imports report progress outside their own transaction; on SQLite
    that transaction holds the only write lock): RUNNING with no total while the file is read
    and checked; ``progress`` of ``total`` rows while rows are prepared; ``progress == total``
    while they are saved; then DONE.
    """
    job = RosterUpload.objects.select_related("application__call", "application__organisation").get(
        pk=upload_id
    )
    _report(job, state=RosterUpload.State.RUNNING, progress=0, total=0)
    application = job.application
    try:
        result = roster.check_roster_file(
            job.file.path,
            kind=roster.RosterKind(application.kind),
            reference_date=application.call.reference_date,
            applicant_code=application.organisation.code,
            max_bytes=settings.SHENBAO_UPLOAD_MAX_BYTES,
            max_rows=settings.SHENBAO_ROSTER_MAX_ROWS,
        )
        if not result.is_usable:
            _finish(
                job, RosterUpload.State.UNUSABLE, file_problems=[p.as_dict() for p in result.file_problems]
            )
            return
        _report(job, total=result.row_count, progress=0)
        new_rows = _prepare_rows(job, application, result)
        _replace_rows(job, application, result, new_rows)
        # Already in the worker: the city-wide cross-check of the new roster runs here, after the save.
        refresh_findings(application)
    except Exception:
        _finish(job, RosterUpload.State.FAILED)
        raise
    finally:
        # The file holds plain ID numbers; once checked, only the encrypted rows are kept.
        job.file.delete(save=False)


def _report(job: RosterUpload, **fields: object) -> None:
    """One committed update the progress page can read at once (never inside the replacement)."""
    RosterUpload.objects.filter(pk=job.pk).update(**fields)


def _prepare_rows(
    job: RosterUpload, application: Application, result: roster.RosterResult
) -> list[RosterRow]:
    grouped = stored_rows.problems_by_row(result.problems)
    code = application.organisation.code
    prepared: list[RosterRow] = []
    for start in range(0, len(result.rows), PREPARE_BATCH):
        prepared += [
            stored_rows.build_row(application, row, grouped.get(row.number, []), applicant_code=code)
            for row in result.rows[start : start + PREPARE_BATCH]
        ]
        _report(job, progress=len(prepared))
    return prepared


def _finish(job: RosterUpload, state: RosterUpload.State, **fields: object) -> None:
    RosterUpload.objects.filter(pk=job.pk).update(state=state, finished_at=timezone.now(), **fields)


@transaction.atomic
def _replace_rows(
    job: RosterUpload, application: Application, result: roster.RosterResult, new_rows: list[RosterRow]
) -> None:
    current = lock(application, expected_version=None)
    if Status(current.status) not in EDITABLE_STATUSES:
        _finish(job, RosterUpload.State.FAILED, file_problems=[{"message": "申报已提交，本次上传未生效。"}])
        return
    # Only the keys are fetched for the cascade (cross-check findings), not every old row's contents.
    current.rows.only("pk").delete()
    RosterRow.objects.bulk_create(new_rows, batch_size=2000)
    _update_counts(current)
    warnings = [p.as_dict() for p in result.problems if p.row is None or p.code == "column_ignored"]
    _finish(job, RosterUpload.State.DONE, progress=len(new_rows), warnings=warnings)
    record_event(
        current, by=job.uploaded_by, action="upload_roster", data={"rows": len(new_rows), "upload": job.pk}
    )


def _update_counts(application: Application) -> None:
    application.persons = application.rows.count()
    application.error_rows = application.rows.filter(has_errors=True).count()
    application.save(update_fields=["persons", "error_rows", "updated_at"])


def edit_cell(
    *, by: User, application: Application, row_id: int, column: str, value: str, expected_version: int
) -> RosterRow:
    """Correct one cell online; the row is re-checked at once, including against the other rows' ID numbers."""
    return edit_row(
        by=by,
        application=application,
        row_id=row_id,
        values={column: value},
        expected_version=expected_version,
    )


@transaction.atomic
def edit_row(
    *,
    by: User,
    application: Application,
    row_id: int,
    values: dict[str, str],
    expected_version: int,
) -> RosterRow:
    """Correct cells of one row online; the row is re-checked at once, including for duplicate ID numbers."""
    _own(by, application)
    current = lock(application, None)
    _editable(current)
    row = RosterRow.objects.select_for_update().filter(application=current, pk=row_id).first()
    if row is None:
        raise Http404
    if row.version != expected_version:
        raise StaleView
    kind = roster.RosterKind(current.kind)
    known = {c.name for c in roster.ROSTER_COLUMNS[kind]}
    if not values or any(column not in known for column in values):
        raise Http404
    edited = stored_rows.domain_row(row)
    merged = {**edited.values, **{column: text.strip() for column, text in values.items()}}
    changed = sorted(column for column in values if merged[column] != edited.values.get(column, ""))
    problems = roster.check_rows(
        kind,
        [roster.RosterRow(row.number, merged)],
        reference_date=current.call.reference_date,
        applicant_code=current.organisation.code,
    )
    checked = roster.RosterRow(row.number, merged, _tenure(merged, current))
    fresh = stored_rows.build_row(current, checked, problems, applicant_code=current.organisation.code)
    fresh.problems += _duplicate_problems(current, row, fresh)
    fresh.has_errors = fresh.has_errors or any(p["severity"] == Severity.ERROR for p in fresh.problems)
    persons = {row.id_hash, fresh.id_hash} - {""}
    for name in (
        "values",
        "name",
        "id_type",
        "id_cipher",
        "id_hash",
        "id_masked",
        "tenure_days",
        "problems",
        "findings",
        "has_errors",
    ):
        setattr(row, name, getattr(fresh, name))
    row.version += 1
    row.save()
    _update_counts(current)
    # Only column names go into the history: a corrected value may be an ID number.
    record_event(current, by=by, action="edit_cell", data={"row": row.number, "columns": changed})
    # The person before and after the correction may each be claimed elsewhere.
    transaction.on_commit(partial(refresh_persons.enqueue, sorted(persons)))
    return row


def _tenure(values: dict[str, str], application: Application) -> int | None:
    """Days from hire to leaving (or the reference date), as the upload computes them; else the filled value."""
    hired = parse_date(values.get("入职日期", ""))
    left_text = values.get("离职日期", "")
    left = parse_date(left_text) if left_text else None
    if hired is not None and (left is not None or not left_text):
        end = left or application.call.reference_date
        if end >= hired:
            return days_between(hired, end)
    filled = values.get("在职时长（天）", "").strip()
    return int(filled) if filled.isdigit() else None


def _duplicate_problems(
    application: Application, row: RosterRow, fresh: RosterRow
) -> list[dict[str, object]]:
    if not fresh.id_hash:
        return []
    first = (
        application.rows.filter(id_hash=fresh.id_hash)
        .exclude(pk=row.pk)
        .order_by("number")
        .values_list("number", flat=True)
        .first()
    )
    if first is None:
        return []
    message = (
        f"第 {row.number} 行「证件号码」：证件号码 {fresh.id_masked} 与第 {first} 行重复，同一人只能填写一次"
    )
    return [
        {
            "row": row.number,
            "column": "证件号码",
            "code": "id_duplicate",
            "severity": "error",
            "value": fresh.id_masked,
            "message": message,
        }
    ]


def add_attachment(*, by: User, application: Application, upload: UploadedFile[bytes]) -> Attachment:
    _own(by, application)
    _editable(application)
    kind = check_attachment(upload)
    attachment = Attachment(
        application=application,
        token=secrets.token_hex(16),
        kind=kind,
        original_name=(upload.name or "")[:255],
        size=upload.size or 0,
        uploaded_by=by,
    )
    attachment.file.save(attachment.token, upload, save=False)
    attachment.save()
    record_event(application, by=by, action="add_attachment", data={"name": attachment.original_name})
    return attachment


def remove_attachment(*, by: User, application: Application, attachment_id: int) -> None:
    _own(by, application)
    _editable(application)
    attachment = application.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    attachment.file.delete(save=False)
    attachment.delete()
    record_event(application, by=by, action="remove_attachment", data={"name": attachment.original_name})


def update_details(*, by: User, application: Application, paper_volumes: int, remarks: str) -> None:
    _own(by, application)
    _editable(application)
    Application.objects.filter(pk=application.pk).update(
        paper_volumes_declared=paper_volumes, remarks=remarks, updated_at=timezone.now()
    )
    record_event(application, by=by, action="update_details", data={"paper_volumes": paper_volumes})


def submission_blockers(application: Application) -> list[str]:
    """What stands between the application and submission, in the applicant's words."""
    blockers = []
    if not application.organisation.is_confirmed:
        blockers.append(f"单位信息尚待{application.authority.name}主管部门确认，确认后才能提交。")
    if application.persons == 0:
        blockers.append("尚未上传花名册。")
    if application.error_rows:
        blockers.append(f"花名册中有 {application.error_rows} 行存在错误，请先修改。")
    if application.paper_volumes_declared is None:
        blockers.append("请填写将报送的纸质材料册数。")
    return blockers


@transaction.atomic
def submit_application(
    *, by: User, application: Application, expected_version: int, declaration: bool
) -> Application:
    """Submit (or resubmit after a return): frozen and routed to the authority."""
    _own(by, application)
    current = lock(application, expected_version)
    blockers = submission_blockers(current)
    if not declaration:
        blockers.append("请确认已告知名单中的人员其信息将用于本次申报。")
    if blockers:
        raise TransitionNotAllowed(" ".join(blockers))
    status = Status(current.status)
    now = timezone.now()
    if status is Status.RETURNED:
        deadline = current.correction_deadline
        if deadline is not None and today() > deadline:
            raise TransitionNotAllowed(
                f"补正截止日期 {deadline} 已过，不能再提交；请联系{current.authority.name}主管部门。"
            )
        changes = _change_counts(current)
        _snapshot(current)
        resubmitted = apply_transition(
            current,
            action=Action.RESUBMIT,
            by=by,
            expected_version=None,
            data={"changes": changes},
            declaration_confirmed_at=now,
        )
        transaction.on_commit(lambda: notify(resubmitted, Action.RESUBMIT))
        return resubmitted
    if not current.call.is_open(today()):
        raise TransitionNotAllowed(
            f"{current.call}申报已于 {current.call.closes_on} 截止，不再受理首次提交。"
        )
    _snapshot(current)
    submitted = apply_transition(
        current,
        action=Action.SUBMIT,
        by=by,
        expected_version=None,
        submitted_at=now,
        declaration_confirmed_at=now,
    )
    transaction.on_commit(lambda: notify(submitted, Action.SUBMIT))
    return submitted


@transaction.atomic
def withdraw_application(*, by: User, application: Application, expected_version: int) -> Application:
    _own(by, application)
    current = lock(application, expected_version)
    if current.rows.exclude(decision=RosterRow.Decision.UNDECIDED).exists():
        raise TransitionNotAllowed("审核人员已开始审核，不能撤回；如需修改请联系主管部门退回补正。")
    return apply_transition(current, action=Action.WITHDRAW, by=by, expected_version=None)


def _snapshot(application: Application) -> None:
    """Keep the roster as submitted now, and the one submitted before it (for the reviewer's comparison)."""
    last = application.submitted_rows.order_by("-submission").values_list("submission", flat=True).first()
    number = (last or 0) + 1
    application.submitted_rows.filter(submission__lt=number - 1).delete()
    SubmittedRow.objects.bulk_create(
        [
            SubmittedRow(
                application=application,
                submission=number,
                id_hash=row.id_hash,
                id_masked=row.id_masked,
                number=row.number,
                name=row.name,
                digest=_digest(row),
                values=row.values,
            )
            for row in application.rows.all()
        ],
        batch_size=2000,
    )


def _digest(row: RosterRow) -> str:
    payload = json.dumps([row.values, row.id_hash], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def _change_counts(application: Application) -> dict[str, int]:
    changes = changes_since_last_submission(application)
    return {"added": len(changes.added), "removed": len(changes.removed), "changed": len(changes.changed)}
