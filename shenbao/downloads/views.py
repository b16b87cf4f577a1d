"""A download's page (progress, then the link) and the file itself, for its owner only."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from shenbao.accounts.access import current_user
from shenbao.downloads.services import get_download


@require_GET
@login_required
def detail(request: HttpRequest, token: str) -> HttpResponse:
    download = get_download(by=current_user(request), token=token)
    partial = bool(getattr(request, "htmx", False))
    template = "downloads/_progress.html" if partial else "downloads/detail.html"
    context = {"download": download, "available": download.is_available(timezone.now())}
    response = render(request, template, {**context, "title": gettext("生成下载文件")})
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
def file(request: HttpRequest, token: str) -> FileResponse:
    download = get_download(by=current_user(request), token=token)
    if not download.is_available(timezone.now()):
        raise Http404
    response = FileResponse(download.file.open("rb"), content_type=download.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(download.filename)}"
    response["Content-Length"] = str(download.size)
    # May hold full ID numbers: never kept by a shared cache or the browser's.
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response
