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


SUMMARY_PDF = "summary_pdf"


def summary_pdf(target: IO[bytes], params: Mapping[str, Any], progress: Progress) -> None:
    """A 附件2 summary of a large authority: a reported one, or the next one of an authority and call."""
    from shenbao.calls.models import Call
    from shenbao.directory.models import Authority
    from shenbao.printing import selectors
    from shenbao.printing.summary import build_summary_pdf
    from shenbao.reviews.models import Summary

    kind = params["kind"]
    if "reported" in params:
        call, tables = selectors.tables_of_reported(Summary.objects.get(pk=params["reported"]), kind=kind)
    else:
        call = Call.objects.get(pk=params["call"])
        authority = Authority.objects.get(pk=params["authority"])
        tables = selectors.draft_summary_tables(authority=authority, call=call, kind=kind)
    target.write(build_summary_pdf(tables=tables, call_year=call.year))
    progress(1, 1)
