"""Retention: purge the personal data of calls closed more than SHENBAO_RETENTION_YEARS ago.

What goes (PIPL art. 19, GB/T 35273-2020 6.1: keep personal information no longer than needed):
the roster rows' names, encrypted and masked numbers, cell values, problems and reasons; the
snapshots of submitted rosters; the uploaded roster files and attachments (scans). What stays:
applications with their organisation, status, counts and amounts; each row's number, decision and
keyed hash (a pseudonym, still needed to find people supported in an earlier call); the events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shenbao.accounts.models import User
from shenbao.applications.models import (
    Application,
    Attachment,
    RosterChange,
    RosterRow,
    RosterUpload,
    SubmittedRow,
)
from shenbao.audit.models import Action
from shenbao.audit.services import record
from shenbao.calls.models import Call
from shenbao.domain.flow.messages import FlowCode, flow_problem
from shenbao.domain.workflow import TransitionNotAllowed
from shenbao.operations.models import PurgeRecord


@dataclass(frozen=True)
class PurgeResult:
    call: Call
    applications: int
    rows_cleared: int
    files_deleted: int


def retention_cutoff(*, on: date, years: int | None = None) -> date:
    """Calls that closed before this date may be purged."""
    years = settings.SHENBAO_RETENTION_YEARS if years is None else years
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def purgeable_calls(*, on: date) -> list[Call]:
    """Calls past retention whose personal data is still held."""
    return list(
        Call.objects.filter(closes_on__lt=retention_cutoff(on=on), purge_record__isnull=True).order_by("year")
    )


def purge_call(*, call: Call, by: User | None, on: date | None = None) -> PurgeResult:
    on = on or timezone.localdate()
    if call.closes_on >= retention_cutoff(on=on):
        raise TransitionNotAllowed(
            problems=[
                flow_problem(
                    FlowCode.RETENTION_NOT_OVER,
                    year=call.year,
                    closes_on=f"{call.closes_on:%Y-%m-%d}",
                    years=settings.SHENBAO_RETENTION_YEARS,
                )
            ]
        )
    files: list[object] = []
    with transaction.atomic():
        if PurgeRecord.objects.select_for_update().filter(call=call).exists():
            raise TransitionNotAllowed(problems=[flow_problem(FlowCode.ALREADY_PURGED, year=call.year)])
        applications = Application.objects.filter(call=call)
        rows_cleared = RosterRow.objects.filter(application__in=applications).update(
            name="", id_cipher="", id_masked="", values={}, problems=[], findings=[], decision_reason=""
        )
        applications.update(problem_kinds=[])
        SubmittedRow.objects.filter(application__in=applications).delete()
        RosterChange.objects.filter(application__in=applications).delete()
        for model in (RosterUpload, Attachment):
            for item in model.objects.filter(application__in=applications):
                if item.file:
                    files.append(item.file)
            model.objects.filter(application__in=applications).delete()
        PurgeRecord.objects.create(
            call=call,
            purged_by=by,
            applications=applications.count(),
            rows_cleared=rows_cleared,
            files_deleted=len(files),
        )
        result = PurgeResult(call, applications.count(), rows_cleared, len(files))
        record(
            actor=by,
            action=Action.PURGE_PERSONAL_DATA,
            target=call,
            year=call.year,
            applications=result.applications,
            rows_cleared=rows_cleared,
            files_deleted=len(files),
        )
    # Files go only once the database says so; a crash here leaves orphans, never dangling rows.
    for file in files:
        file.delete(save=False)  # type: ignore[attr-defined]
    return result
