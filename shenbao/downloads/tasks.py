"""Background work of downloads, run by the task worker."""

from __future__ import annotations

from django.tasks import task


@task()
def build_download(download_id: int) -> None:
    from shenbao.downloads.services import build

    build(download_id)
