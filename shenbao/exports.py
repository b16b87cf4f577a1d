"""Every .xlsx the web app hands out goes through here.

One place neutralises text that a spreadsheet would run as a formula
(cells starting with = + - @, OWASP's CSV-injection advice), so no export can forget it.
One place also decides where an export is built: a small one in the request, one of more than
SHENBAO_INLINE_EXPORT_ROWS rows by the worker (issue 14: no request waits on a long build),
the user then watching its progress and downloading it from the downloads page.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language

from shenbao.accounts.access import current_user
from shenbao.audit.models import Action
from shenbao.audit.services import record
from shenbao.domain.cells import neutralise
from shenbao.domain.problem_text import language_of, sentences
from shenbao.domain.workflow import TransitionNotAllowed
from shenbao.downloads.registry import Builder, Progress, register
from shenbao.downloads.services import request_download

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Table:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[object]]
    sheet_name: str = "Sheet1"
    widths: Sequence[int] = ()
    total: Sequence[object] | None = None


def table_xlsx(*tables: Table) -> bytes:
    """One sheet per table: a merged title row, a header row, the rows, an optional total row."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    title_fmt = book.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
    head_fmt = book.add_format(
        {"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
    )
    cell_fmt = book.add_format({"border": 1, "valign": "vcenter", "text_wrap": True})
    money_fmt = book.add_format({"border": 1, "valign": "vcenter", "num_format": "#,##0.00"})
    for table in tables:
        sheet = book.add_worksheet(table.sheet_name[:31])
        width = len(table.headers)
        sheet.merge_range(0, 0, 0, width - 1, table.title, title_fmt)
        sheet.set_row(0, 28)
        for col, header in enumerate(table.headers):
            sheet.write_string(1, col, header, head_fmt)
            sheet.set_column(col, col, table.widths[col] if col < len(table.widths) else 16)
        row_index = 2
        for row in [*table.rows, *([table.total] if table.total is not None else [])]:
            for col, value in enumerate(row):
                _write(sheet, row_index, col, value, money_fmt if isinstance(value, Decimal) else cell_fmt)
            row_index += 1
    book.close()
    return buffer.getvalue()


def _write(sheet: xlsxwriter.worksheet.Worksheet, row: int, col: int, value: object, fmt: object) -> None:
    if value is None:
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        sheet.write_string(row, col, "是" if value else "否", fmt)
    elif isinstance(value, int | float | Decimal):
        # Money arrives as Decimal to the fen; the cell shows it as such (#,##0.00).
        sheet.write_number(row, col, float(value), fmt)
    else:
        sheet.write_string(row, col, neutralise(str(value)), fmt)


def xlsx_response(
    content: bytes, filename: str, *, request: HttpRequest, action: str = Action.EXPORT, **detail: Any
) -> HttpResponse:
    """The download, recorded in the audit log when a signed-in user takes it (every export is)."""
    if request.user.is_authenticated:
        record(request=request, action=action, file=filename, **detail)
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(filename: str) -> str:
    from urllib.parse import quote

    return quote(filename)


# What an export is made of, from parameters alone: the worker rebuilds it with no request.
Tables = Callable[[Mapping[str, Any]], Sequence[Table]]


def register_export(kind: str, tables: Tables) -> None:
    """Let the worker build this export (called from the owning app's AppConfig.ready)."""
    register(kind, _builder(tables))


def _builder(tables: Tables) -> Builder:
    def build(target: IO[bytes], params: Mapping[str, Any], progress: Progress) -> None:
        target.write(table_xlsx(*tables(params)))
        progress(1, 1)

    return build


def export(
    request: HttpRequest,
    *,
    kind: str,
    tables: Tables,
    params: dict[str, Any],
    rows: int,
    filename: str,
    action: str = Action.EXPORT,
    **detail: Any,
) -> HttpResponse:
    """The export at once when it is small; otherwise queued for the worker (the same ``tables``
    with the same ``params``), the request recorded in the audit log, the user sent to its page.

    ``params`` must hold only what the request was allowed to see: the worker does not ask again.
    """
    if rows <= settings.SHENBAO_INLINE_EXPORT_ROWS:
        return xlsx_response(table_xlsx(*tables(params)), filename, request=request, action=action, **detail)
    return queued(
        request,
        kind=kind,
        params=params,
        label=filename,
        filename=filename,
        content_type=XLSX_MIME,
        action=action,
        **detail,
    )


def queued(
    request: HttpRequest,
    *,
    kind: str,
    params: dict[str, Any],
    label: str,
    filename: str,
    content_type: str,
    action: str = Action.EXPORT,
    **detail: Any,
) -> HttpResponse:
    """A large file queued for the worker: the request recorded in the audit log, the user sent to
    the download's page (or home, told why, when too many of theirs are waiting)."""
    try:
        download = request_download(
            by=current_user(request),
            kind=kind,
            params=params,
            label=label,
            filename=filename,
            content_type=content_type,
        )
    except TransitionNotAllowed as refused:
        messages.error(request, sentences(refused.problems, language_of(get_language())) or refused.message)
        return redirect("/")
    record(request=request, action=action, file=filename, queued=True, **detail)
    return redirect("downloads:detail", download.token)
