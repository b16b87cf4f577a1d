"""What the worker builds for the downloads of this app (registered in ApplicationsConfig.ready)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from shenbao.applications.models import Application
from shenbao.applications.report import write_stored_report
from shenbao.downloads.registry import Progress


def annotated_copy(target: IO[bytes], params: Mapping[str, Any], progress: Progress) -> None:
    """The roster with its problems marked (检查结果 .xlsx), as it is stored when the worker runs."""
    application = Application.objects.select_related("call").get(pk=params["application"])
    write_stored_report(target, application, progress=progress)
