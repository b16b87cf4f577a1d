"""Roster files do not linger: the sweep that deletes those a check left behind, each deletion audited."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import Storage

from shenbao.applications.models import RosterUpload
from shenbao.audit.models import Action
from shenbao.audit.services import record

logger = logging.getLogger(__name__)

# Where roster files are stored (models.roster_upload_path): rosters/<application reference>/<token>.
FOLDER = "rosters"


@dataclass(frozen=True)
class Deleted:
    name: str
    upload: int | None  # None: a file no upload names (its upload's saving failed after it was stored)


def delete_stale_roster_files(*, now: datetime) -> list[Deleted]:
    """Delete every roster file older than SHENBAO_ROSTER_FILE_MAX_HOURS whose check is not waiting or running.

    A check deletes its file when it ends; what is left comes from a worker killed mid-check (and
    the check failed after it) or an upload whose saving failed after the file was stored. Only the
    storage API is used (listdir, get_modified_time, delete), so a bucket is swept like a folder.
    """
    cutoff = now - timedelta(hours=settings.SHENBAO_ROSTER_FILE_MAX_HOURS)
    storage = RosterUpload._meta.get_field("file").storage
    deleted: list[Deleted] = []
    named = RosterUpload.objects.exclude(file="").select_related("application")
    for job in named.exclude(state__in=RosterUpload.WAITING).filter(created_at__lt=cutoff):
        deleted.append(_delete(storage, job.file.name or "", job))
        RosterUpload.objects.filter(pk=job.pk).update(file="")
    known = set(named.values_list("file", flat=True))
    for name in stored_roster_files(storage):
        if name not in known and storage.get_modified_time(name) < cutoff:
            deleted.append(_delete(storage, name, None))
    return deleted


def _delete(storage: Storage, name: str, job: RosterUpload | None) -> Deleted:
    storage.delete(name)
    record(
        action=Action.DELETE_STALE_FILE,
        target=job,
        file=name,
        max_hours=settings.SHENBAO_ROSTER_FILE_MAX_HOURS,
    )
    logger.info("deleted stale roster file %s", name)
    return Deleted(name, job.pk if job is not None else None)


def stored_roster_files(storage: Storage) -> Iterator[str]:
    try:
        folders, _files = storage.listdir(FOLDER)
    except FileNotFoundError:  # nothing uploaded yet on this file system
        return
    for folder in folders:
        yield from (f"{FOLDER}/{folder}/{name}" for name in storage.listdir(f"{FOLDER}/{folder}")[1])
