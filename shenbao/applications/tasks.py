"""Background work, run by the task worker (django-tasks-db: `shenbao manage db_worker`)."""

from __future__ import annotations

from django.tasks import task


@task()
def process_roster_upload(upload_id: int) -> None:
    from shenbao.applications.uploads import process_upload

    process_upload(upload_id)


@task()
def drop_earlier_submissions(application_id: int) -> None:
    """The submissions before the latest two, deleted after a resubmission (submissions.py)."""
    from shenbao.applications import submissions

    submissions.drop_earlier_submissions(application_id)
