"""Roster uploads: the file stored at once, then checked and saved by the worker with progress."""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction

from shenbao.accounts.models import User
from shenbao.applications import jobs, outbox
from shenbao.applications import rows as stored_rows
from shenbao.applications.bulk import collection_paused, insert_rows, refresh_statistics
from shenbao.applications.carry import carry_all, prior_rows
from shenbao.applications.jobs import LostClaim
from shenbao.applications.models import (
    Application,
    RosterUpload,
)
from shenbao.applications.rows import NewRow
from shenbao.applications.services import own, update_counts
from shenbao.applications.transitions import check, lock, record_event
from shenbao.domain.checked_roster import CheckedRoster, check_roster
from shenbao.domain.events import EventKind
from shenbao.domain.flow.messages import FlowCode, flow_problem
from shenbao.domain.problems import ProblemCode, make_file_problem
from shenbao.domain.roster_columns import RosterKind
from shenbao.domain.workflow import Action, TransitionNotAllowed
from shenbao.personal_data import protector
from shenbao.storage import plain_copy

logger = logging.getLogger(__name__)


def start_roster_upload(*, by: User, application: Application, upload: UploadedFile[bytes]) -> RosterUpload:
    """Store the file and queue its check; the request returns at once."""
    own(by, application)
    check(application, Action.UPLOAD_ROSTER, by=by)
    if upload.size is not None and upload.size > settings.SHENBAO_UPLOAD_MAX_BYTES:
        limit = settings.SHENBAO_UPLOAD_MAX_BYTES // (1024 * 1024)
        raise TransitionNotAllowed(problems=[flow_problem(FlowCode.UPLOAD_TOO_LARGE, limit=limit)])
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
        # In this transaction: with the database task backend the job and its task commit together.
        process_roster_upload.enqueue(job.pk)
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
    while they are saved; then DONE. Only the run that claimed the check writes (jobs.py).
    """
    job = jobs.claim(upload_id)
    if job is None:
        return  # another run has it, or it has ended
    lost, saved = False, 0
    try:
        with jobs.running(job), collection_paused():
            saved = _check_and_replace(job)
    except LostClaim:
        lost = True
        logger.warning("roster check %s was taken over by another worker; this run stops", job.pk)
    except Exception:
        try:
            jobs.finish(job, RosterUpload.State.FAILED)
        except LostClaim:
            lost = True
        raise
    finally:
        # The file (sealed, but holding every ID number) goes as soon as the check ends, unless
        # another run took the check over and still needs it.
        if not lost:
            jobs.delete_file(job)
    if saved:
        _refresh_statistics(saved)


def _refresh_statistics(rows: int) -> None:
    """After the roster page is shown and the file is gone; only a help to the planner, so a
    failure (a statement timeout, a cancel) is logged and the saved check stays DONE."""
    try:
        refresh_statistics(rows)
    except DatabaseError:
        logger.warning("statistics of the roster rows not refreshed after %s rows", rows, exc_info=True)


def _check_and_replace(job: RosterUpload) -> int:
    """The rows saved as the application's roster: 0 when none were (superseded, unusable, refused)."""
    application = job.application
    if not jobs.is_latest(job):
        _finish(job, RosterUpload.State.SUPERSEDED)
        return 0
    # The stored file is sealed; the reader gets a plain copy that vanishes with this process.
    with plain_copy(job.file.storage, job.file.name or "") as path:
        checked = check_roster(
            path,
            kind=RosterKind(application.kind),
            window=stored_rows.window_of(application),
            organisation_code=application.organisation.code,
            max_bytes=settings.SHENBAO_UPLOAD_MAX_BYTES,
            max_rows=settings.SHENBAO_ROSTER_MAX_ROWS,
        )
    if not checked.is_usable:
        _finish(job, RosterUpload.State.UNUSABLE, file_problems=[p.stored() for p in checked.file_problems])
        return 0
    _report(job, total=checked.row_count, progress=0)
    new_rows = _prepare_rows(job, checked)
    return len(new_rows) if _replace_rows(job, application, checked, new_rows) else 0


def _report(job: RosterUpload, **fields: object) -> None:
    """One committed update the progress page can read at once (never inside the replacement)."""
    jobs.report(job, **fields)


def _prepare_rows(job: RosterUpload, checked: CheckedRoster) -> list[NewRow]:
    prepared: list[NewRow] = []
    guard = protector()
    for start in range(0, checked.row_count, PREPARE_BATCH):
        prepared += [
            stored_rows.prepare_row(row, guard) for row in checked.rows(start, start + PREPARE_BATCH)
        ]
        _report(job, progress=len(prepared))
    return prepared


def _finish(job: RosterUpload, state: RosterUpload.State, **fields: object) -> None:
    jobs.finish(job, state, **fields)


@transaction.atomic
def _replace_rows(
    job: RosterUpload, application: Application, checked: CheckedRoster, new_rows: list[NewRow]
) -> bool:
    current = lock(application, expected_version=None)
    # Under the application's lock: a later upload may have replaced the roster while this one ran.
    if not jobs.is_latest(job):
        _finish(job, RosterUpload.State.SUPERSEDED)
        return False
    try:
        check(current, Action.UPLOAD_ROSTER, by=job.uploaded_by)
    except TransitionNotAllowed as refusal:
        # The application moved on (e.g. was submitted) while the file was being checked.
        # Stored as codes, rendered in the viewer's language: "not applied" and then the flow's reasons.
        problems = [make_file_problem(ProblemCode.UPLOAD_NOT_APPLIED, {}), *refusal.problems]
        _finish(job, RosterUpload.State.FAILED, file_problems=[p.stored() for p in problems])
        return False
    # A person whose row is unchanged keeps the reviewer's decision (during a return).
    carried = carry_all(new_rows, prior_rows(current))
    # Only the keys are fetched for the cascade (cross-check findings), not every old row's contents.
    current.rows.only("pk").delete()
    insert_rows(current.pk, new_rows)
    update_counts(current)
    warnings = [p.stored() for p in checked.notes]
    _finish(job, RosterUpload.State.DONE, progress=len(new_rows), warnings=warnings, review_carry=carried)
    data: dict[str, object] = {"rows": len(new_rows), "upload": job.pk}
    if carried:
        data["carry"] = {key: value for key, value in carried.items() if key != "removed"}
    record_event(current, by=job.uploaded_by, kind=EventKind.UPLOAD_ROSTER, data=data)
    outbox.record(current, topic=outbox.Topic.ROSTER)
    return True
