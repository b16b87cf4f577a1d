"""Checks shared by every form that accepts an attachment."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile

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
