"""Files people upload (attachments, licence scans): checked by content on the way in, and served
with the content type of the kind that was verified, never one taken from the file's name.

An attachment that starts with ``%PDF-`` but is named ``x.html`` must not reach a browser as
text/html (FileResponse would guess the type from the name), nor be saved under a name that
opens as a web page.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath
from typing import IO

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse

from shenbao.domain.filetypes import LABELS, sniff

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024


def check_attachment(upload: UploadedFile[bytes], *, max_bytes: int = ATTACHMENT_MAX_BYTES) -> str:
    """Refuse anything that is not a PDF, JPG or PNG by content, or is too large; return its kind."""
    if upload.size is not None and upload.size > max_bytes:
        raise forms.ValidationError(f"文件超过 {max_bytes // (1024 * 1024)} MB，请压缩或分开上传。")
    upload.seek(0)
    kind = sniff(upload.read(16))
    upload.seek(0)
    if kind is None:
        allowed = "、".join(LABELS.values())
        raise forms.ValidationError(
            f"只接受 {allowed} 文件；该文件的内容不是这几种格式（与文件名无关），请重新导出后上传。"
        )
    return kind


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
