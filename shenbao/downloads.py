"""Serving files people uploaded: typed by the kind their content was verified as, never by their name.

An attachment that starts with ``%PDF-`` but is named ``x.html`` must not reach a browser as
text/html (FileResponse would guess the type from the name), nor be saved under a name that
opens as a web page.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath
from typing import IO

from django.http import FileResponse

from shenbao.domain.filetypes import sniff

CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
SUFFIXES = {"pdf": (".pdf",), "jpeg": (".jpg", ".jpeg"), "png": (".png",)}
UNKNOWN = "application/octet-stream"
NAME_LENGTH = 100
_UNSAFE = re.compile(r'[\\/:*?"<>|]')


def download_name(name: str, kind: str | None) -> str:
    """The user's file name, safe to save: no folders, control or reserved characters, at most
    100 characters, ending with an extension of the verified kind (``x.html`` → ``x.html.pdf``)."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C")
    base = _UNSAFE.sub("_", base).strip(" .") or "附件"
    suffix = PurePosixPath(base).suffix
    if kind in SUFFIXES and suffix.lower() not in SUFFIXES[kind]:
        base, suffix = base + SUFFIXES[kind][0], SUFFIXES[kind][0]
    elif kind not in SUFFIXES:
        suffix = ""
    return base[: len(base) - len(suffix)][: NAME_LENGTH - len(suffix)] + suffix


def stored_file_response(handle: IO[bytes], *, kind: str | None, name: str) -> FileResponse:
    """A download of a stored upload: the verified kind's content type, never sniffed, never shown
    in the page's origin (a sandbox policy in case a browser renders it anyway), never cached."""
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(name, kind),
        content_type=CONTENT_TYPES.get(kind or "", UNKNOWN),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store"
    return response


def sniffed_kind(handle: IO[bytes]) -> str | None:
    """The kind of a stored file whose kind was checked on upload but not kept (a licence scan)."""
    kind = sniff(handle.read(16))
    handle.seek(0)
    return kind
