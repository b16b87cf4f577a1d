"""What the worker builds for the downloads of this app (registered in PrintingConfig.ready)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from shenbao.applications.models import Application
from shenbao.downloads.registry import Progress
from shenbao.printing.package import write_application_pdf


def package_pdf(target: IO[bytes], params: Mapping[str, Any], progress: Progress) -> None:
    """The printable package; ``full_ids`` was decided, and recorded, when it was asked for."""
    application = Application.objects.select_related("call", "organisation", "authority").get(
        pk=params["application"]
    )
    write_application_pdf(
        target,
        application,
        full_ids=bool(params["full_ids"]),
        record_url=str(params["record_url"]),
        progress=progress,
    )
