"""Cross-checks in the background: a city-wide refresh can take seconds, so no request waits for it."""

from __future__ import annotations

from django.tasks import task


@task()
def refresh_after_upload(application_id: int) -> None:
    from shenbao.applications.models import Application
    from shenbao.crosschecks.services import refresh_findings

    application = Application.objects.filter(pk=application_id).first()
    if application is not None:
        refresh_findings(application)


@task()
def refresh_after_status_change(application_id: int) -> None:
    from shenbao.applications.models import Application
    from shenbao.crosschecks import services

    application = Application.objects.filter(pk=application_id).first()
    if application is not None:
        services.refresh_after_status_change(application)


@task()
def refresh_persons(hashes: list[str]) -> None:
    from shenbao.crosschecks.services import refresh_for_hashes

    refresh_for_hashes(hashes)
