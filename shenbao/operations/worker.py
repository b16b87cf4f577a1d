"""What every worker does beside its tasks, on a thread of its own: heartbeats, take-overs, the outbox, old files.

django-tasks-db's worker loop runs one task at a time and has no hook between polls, so these run
on a daemon thread beside it (with its own database connection) and die with the process: a
worker killed mid-check stops its heartbeat, and another worker's thread takes the check over.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection
from django.utils import timezone

from shenbao.applications import jobs
from shenbao.applications.roster_files import delete_stale_roster_files
from shenbao.crosschecks.outbox import follow_outbox
from shenbao.downloads.services import prune_downloads

logger = logging.getLogger(__name__)

# How often the thread wakes: the outbox is read this often, so cross-checks follow within about a second.
TICK = 0.5
# Left-behind roster files are few and old; looking for them is a storage listing, so not every tick.
FILE_SWEEP_SECONDS = 15 * 60


def _chores() -> list[tuple[str, float, Callable[[datetime], object]]]:
    """(name, every so many seconds, what) for the thread; 0 means every tick."""
    return [
        ("heartbeat", settings.SHENBAO_WORKER_HEARTBEAT_SECONDS, jobs.beat),
        ("outbox", 0, lambda now: follow_outbox()),
        (
            "take over silent checks",
            settings.SHENBAO_WORKER_SWEEP_SECONDS,
            lambda now: jobs.resume_stalled(now=now),
        ),
        ("old roster files", FILE_SWEEP_SECONDS, lambda now: delete_stale_roster_files(now=now)),
        # Built downloads are kept SHENBAO_DOWNLOAD_TTL_MINUTES; no one else deletes them.
        ("expired downloads", 60, prune_downloads),
    ]


def run_chores(due: dict[str, float] | None = None) -> None:
    """Run every chore that is due (all of them when ``due`` is None); a failing one is logged, not fatal."""
    for name, every, chore in _chores():
        if due is not None and time.monotonic() < due.get(name, 0):
            continue
        close_old_connections()
        try:
            chore(timezone.now())
        except OperationalError as exc:
            # SQLite: the task beside holds the only write lock (a roster being replaced) for longer
            # than the busy timeout; nothing is lost, the chore runs again on a later tick.
            logger.warning("worker chore deferred: %s (%s)", name, exc)
        except Exception:
            logger.exception("worker chore failed: %s (tried again later)", name)
        if due is not None:
            due[name] = time.monotonic() + every
    close_old_connections()


class Chores(threading.Thread):
    """The chores, run on a daemon thread until ``stop``."""

    def __init__(self) -> None:
        super().__init__(name="shenbao-chores", daemon=True)
        self._stopping = threading.Event()

    def run(self) -> None:
        due: dict[str, float] = {}
        try:
            while not self._stopping.is_set():
                run_chores(due)
                self._stopping.wait(TICK)
        finally:
            connection.close()

    def stop(self) -> None:
        self._stopping.set()
        self.join(timeout=30)
