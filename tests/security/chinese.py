"""Whether a message a user sees is plain Chinese, not a library's English."""

from __future__ import annotations

import re

# Latin words the project's and Django's own Chinese messages use (formats, products, "Email").
OWN_WORDS = frozenset(
    {"Excel", "WPS", "xlsx", "xlsm", "xls", "ods", "csv", "CSV", "UTF", "PDF", "JPG", "PNG", "Email"}
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z]{4,}")


def english_in(message: str, *, echoed: tuple[str, ...] = ()) -> list[str]:
    """Latin words of four letters or more in ``message`` that are neither the project's own
    nor taken from what the user typed (``echoed``: a message may quote a value back)."""
    return [
        word
        for word in _WORD.findall(message)
        if word not in OWN_WORDS and not any(word in value for value in echoed)
    ]


def assert_plain_chinese(message: str, *, echoed: tuple[str, ...] = ()) -> None:
    assert _CJK.search(message), f"not Chinese: {message!r}"
    leftover = english_in(message, echoed=echoed)
    assert not leftover, f"library text {leftover} in {message!r}"


def visible_text(page: str) -> str:
    """The text of an HTML page as a reader sees it (tags, styles and scripts left out)."""
    page = re.sub(r"(?s)<(script|style|head)\b.*?</\1>", " ", page)
    return re.sub(r"<[^>]+>", " ", page)
