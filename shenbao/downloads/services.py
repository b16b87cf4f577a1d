"""Asking for a download, building it in the worker, handing it out, and deleting it when it expires."""

from __future__ import annotations

import logging
import os
import secrets
import tempfile
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from shenbao.accounts.models import User
from shenbao.domain.flow.messages import FlowCode, flow_problem
from shenbao.domain.workflow import TransitionNotAllowed
from shenbao.downloads.models import Download
from shenbao.downloads.registry import builder_for

log = logging.getLogger(__name__)
IN_FLIGHT = (Download.State.QUEUED, Download.State.RUNNING)


def request_download(
    *, by: User, kind: str, params: dict[str, Any], label: str, filename: str, content_type: str
) -> Download:
    """Queue the file for the worker; the same file asked for again while it is being built is the same job."""
    builder_for(kind)  # an unknown kind is a programming error: fail here, not in the worker
    with transaction.atomic():
        waiting = Download.objects.select_for_update().filter(owner=by, state__in=IN_FLIGHT)
        same = waiting.filter(kind=kind, params=params).first()
        if same is not None:
            return same
        if waiting.count() >= settings.SHENBAO_DOWNLOADS_IN_FLIGHT:
            raise TransitionNotAllowed(
                problems=[
                    flow_problem(FlowCode.DOWNLOADS_IN_FLIGHT, count=settings.SHENBAO_DOWNLOADS_IN_FLIGHT)
                ]
            )
        download = Download.objects.create(
            token=secrets.token_hex(16),
            owner=by,
            kind=kind,
            params=params,
            label=label[:200],
            filename=filename[:255],
            content_type=content_type,
        )
        from shenbao.downloads.tasks import build_download

        transaction.on_commit(lambda: build_download.enqueue(download.pk))
    return download


def get_download(*, by: User, token: str) -> Download:
    """The user's own download; anyone else's does not exist for them (404)."""
    download = Download.objects.filter(token=token, owner=by).first()
    if download is None:
        raise Http404
    return download


def build(download_id: int) -> None:
    """Run the builder into a private temporary file, then keep it in storage until it expires."""
    claimed = Download.objects.filter(pk=download_id, state=Download.State.QUEUED).update(
        state=Download.State.RUNNING
    )
    if not claimed:
        return  # built already, or taken by another worker
    download = Download.objects.get(pk=download_id)

    def progress(done: int, total: int) -> None:
        Download.objects.filter(pk=download.pk).update(progress=done, total=total)

    # The temporary file may hold full ID numbers: private to this process and removed in every case.
    descriptor, path = tempfile.mkstemp(prefix="shenbao-download-")
    try:
        with os.fdopen(descriptor, "w+b") as target:
            builder_for(download.kind)(target, download.params, progress)
            size = target.tell()
            target.seek(0)
            download.file.save(download.token, File(target), save=False)
    except Exception:
        log.exception("download %s (%s) failed", download.pk, download.kind)
        Download.objects.filter(pk=download.pk).update(
            state=Download.State.FAILED,
            finished_at=timezone.now(),
            error=gettext("生成文件时出错，请稍后重试；如反复出现，请联系管理员。"),
        )
        raise
    finally:
        if os.path.exists(path):
            os.unlink(path)
    now = timezone.now()
    Download.objects.filter(pk=download.pk).update(
        file=download.file.name,
        size=size,
        state=Download.State.DONE,
        finished_at=now,
        expires_at=now + timedelta(minutes=settings.SHENBAO_DOWNLOAD_TTL_MINUTES),
    )


def prune_downloads(now: datetime) -> int:
    """Delete the files of expired downloads (and of failed ones); returns how many were removed.

    A build whose worker died would stay in flight for ever (downloads have no heartbeat): its owner
    would be handed the same dead job each time they ask, and it would count against their limit.
    Once older than a download's lifetime it ends here too, so asking again builds the file anew.
    """
    old = now - timedelta(minutes=settings.SHENBAO_DOWNLOAD_TTL_MINUTES)
    stale = (
        Download.objects.filter(state=Download.State.DONE, expires_at__lte=now)
        | Download.objects.filter(state=Download.State.FAILED, created_at__lte=old)
        | Download.objects.filter(state__in=IN_FLIGHT, created_at__lte=old)
    )
    removed = 0
    for download in stale:
        if download.file.name:
            download.file.delete(save=False)
        Download.objects.filter(pk=download.pk).update(state=Download.State.EXPIRED, file="")
        removed += 1
    return removed
