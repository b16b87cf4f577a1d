"""Roster checks that outlive their worker: claimed by one run, kept alive by a heartbeat, taken over when silent.

A check belongs to the run that claimed it, named by ``attempts``. Every write of that run (progress,
heartbeat, the final state) is conditional on the row still being RUNNING with that number, so a
worker thought dead that wakes up finds its writes refused (``LostClaim``) and stops before it
touches the roster. Any worker's sweep (``resume_stalled``) queues a check whose heartbeat has gone
silent once more, under a new number; no page visit is needed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from shenbao.applications.models import RosterUpload
from shenbao.domain.problems import ProblemCode, make_file_problem

logger = logging.getLogger(__name__)


class LostClaim(Exception):  # noqa: N818 (a condition, not an error: the run stops quietly)
    """Another run has taken this check over: this one stops without writing anything more."""


def claim(upload_id: int) -> RosterUpload | None:
    """Take a queued check for this run; None when it is not queued (another run has it, or it ended)."""
    job = (
        RosterUpload.objects.select_related("application__call", "application__organisation")
        .filter(pk=upload_id)
        .first()
    )
    if job is None or job.state != RosterUpload.State.QUEUED:
        return None
    now = timezone.now()
    taken = RosterUpload.objects.filter(
        pk=job.pk, state=RosterUpload.State.QUEUED, attempts=job.attempts
    ).update(state=RosterUpload.State.RUNNING, progress=0, total=0, heartbeat_at=now)
    if not taken:
        return None
    job.state, job.progress, job.total, job.heartbeat_at = RosterUpload.State.RUNNING, 0, 0, now
    return job


def _own_run(job: RosterUpload) -> QuerySet[RosterUpload]:
    return RosterUpload.objects.filter(pk=job.pk, state=RosterUpload.State.RUNNING, attempts=job.attempts)


def report(job: RosterUpload, **fields: object) -> None:
    """One committed update of this run (progress, totals), with its heartbeat."""
    if not _own_run(job).update(heartbeat_at=timezone.now(), **fields):
        raise LostClaim(job.pk)


def finish(job: RosterUpload, state: RosterUpload.State, **fields: object) -> None:
    """End this run's check in ``state``; inside a transaction, the refusal rolls back what it did."""
    now = timezone.now()
    if not _own_run(job).update(state=state, finished_at=now, heartbeat_at=now, **fields):
        raise LostClaim(job.pk)


def is_latest(job: RosterUpload) -> bool:
    """No later upload exists for the application (ids grow with every upload)."""
    return not RosterUpload.objects.filter(application_id=job.application_id, pk__gt=job.pk).exists()


# The checks running in this process, by id, with their run's number: the worker's heartbeat
# thread (operations/worker.py) writes their heartbeat while the check itself is busy.
_running: dict[int, int] = {}
_running_lock = threading.Lock()


@contextmanager
def running(job: RosterUpload) -> Iterator[None]:
    with _running_lock:
        _running[job.pk] = job.attempts
    try:
        yield
    finally:
        with _running_lock:
            _running.pop(job.pk, None)


def beat(now: datetime) -> int:
    """Write the heartbeat of every check running in this process; returns how many were written."""
    with _running_lock:
        runs = list(_running.items())
    written = 0
    for pk, attempts in runs:
        written += RosterUpload.objects.filter(
            pk=pk, state=RosterUpload.State.RUNNING, attempts=attempts
        ).update(heartbeat_at=now)
    return written


def resume_stalled(*, now: datetime) -> list[int]:
    """Queue once more every check whose heartbeat is older than the stale limit; returns their ids.

    A RUNNING check whose worker died gets a new run number (the old run, should it wake up, can no
    longer write); after MAX_ATTEMPTS runs it fails instead, so a file that kills its worker does
    not kill them all. A QUEUED check silent that long lost its task (the worker that took the task
    died before claiming the check): it is queued again under the same number, and should the old
    task still be waiting, only one of the two can claim it.
    """
    stale = now - timedelta(seconds=settings.SHENBAO_WORKER_STALE_SECONDS)
    silent = RosterUpload.objects.filter(state__in=RosterUpload.WAITING).filter(
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True, created_at__lt=stale)
    )
    return [job.pk for job in silent if _resume(job, now)]


def _resume(job: RosterUpload, now: datetime) -> bool:
    from shenbao.applications.tasks import process_roster_upload

    unchanged = RosterUpload.objects.filter(
        pk=job.pk, state=job.state, attempts=job.attempts, heartbeat_at=job.heartbeat_at
    )
    if job.state == RosterUpload.State.RUNNING and (
        job.attempts >= RosterUpload.MAX_ATTEMPTS or not _has_file(job)
    ):
        interrupted = make_file_problem(ProblemCode.CHECK_INTERRUPTED, {}).stored()
        if unchanged.update(
            state=RosterUpload.State.FAILED,
            finished_at=now,
            heartbeat_at=now,
            file_problems=[interrupted],
        ):
            logger.warning("roster check %s failed: its worker stopped %s times", job.pk, job.attempts)
            delete_file(job)
        return False
    with transaction.atomic():
        if job.state == RosterUpload.State.QUEUED:
            moved = unchanged.update(heartbeat_at=now)
        else:
            moved = unchanged.update(
                state=RosterUpload.State.QUEUED,
                attempts=F("attempts") + 1,
                progress=0,
                total=0,
                heartbeat_at=now,
            )
        if moved:
            logger.warning("roster check %s resumed: no heartbeat since %s", job.pk, job.heartbeat_at)
            # Enqueued in this transaction: with the database task backend, the task and the state
            # commit together, so no crash can leave the check queued without a task.
            process_roster_upload.enqueue(job.pk)
        return bool(moved)


def _has_file(job: RosterUpload) -> bool:
    return bool(job.file.name) and job.file.storage.exists(job.file.name or "")


def delete_file(job: RosterUpload) -> None:
    """Delete the check's stored file (it holds plain ID numbers) and forget its name."""
    if job.file.name:
        job.file.delete(save=False)
    RosterUpload.objects.filter(pk=job.pk).update(file="")
