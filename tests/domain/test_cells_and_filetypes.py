"""Spreadsheet cells that cannot run as formulas, and attachments recognised by their first bytes."""

from __future__ import annotations

import pytest

from shenbao.domain.cells import neutralise
from shenbao.domain.filetypes import LABELS, sniff


@pytest.mark.parametrize(
    "text",
    ["=1+1", '=HYPERLINK("http://example.com","点此")', "+86 21 1234", "-2+3", "@SUM(A1:A2)", "\tx", "\r=1"],
    ids=["equals", "hyperlink", "plus", "minus", "at", "tab", "carriage-return"],
)
def test_text_a_spreadsheet_would_run_as_a_formula_is_prefixed_with_a_quote(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "text",
    ["", "张伟", "310101199003071234", "上海某某信息技术有限公司", "a=1", "1-2", " =1", "'=1", "\n=1"],
    ids=[
        "empty",
        "name",
        "id-number",
        "company",
        "equals-inside",
        "minus-inside",
        "space-first",
        "quoted",
        "newline-first",
    ],
)
def test_other_text_is_left_unchanged(text: str) -> None:
    assert neutralise(text) == text


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf"),
        (b"%PDF-", "pdf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "jpeg"),
        (b"\xff\xd8\xff\xe1\x00\x18Exif\x00\x00", "jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
    ],
    ids=["pdf", "pdf-signature-only", "jpeg-jfif", "jpeg-exif", "png"],
)
def test_an_attachment_is_known_by_its_signature(head: bytes, kind: str) -> None:
    assert sniff(head) == kind


@pytest.mark.parametrize(
    "head",
    [
        b"",
        b"MZ\x90\x00\x03\x00\x00\x00",
        b"PK\x03\x04\x14\x00\x06\x00",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"GIF89a",
        b"%PD",
        b"\xff\xd8",
        b"\x89PNG\r\n",
        b"<html><body>%PDF-</body></html>",
        b" %PDF-1.4",
    ],
    ids=[
        "empty",
        "exe",
        "zip",
        "old-office",
        "gif",
        "cut-pdf",
        "cut-jpeg",
        "cut-png",
        "pdf-signature-not-first",
        "leading-space",
    ],
)
def test_anything_else_is_not_an_accepted_attachment(head: bytes) -> None:
    assert sniff(head) is None


def test_every_kind_sniff_returns_has_a_label() -> None:
    kinds = {sniff(b"%PDF-"), sniff(b"\xff\xd8\xff"), sniff(b"\x89PNG\r\n\x1a\n")}
    assert kinds == set(LABELS)
