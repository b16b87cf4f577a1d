"""Whether a message a user sees is plain Chinese, not a library's English."""

from __future__ import annotations

import re

# Latin words the project's own Chinese messages use (file formats, products, units).
OWN_WORDS = frozenset(
    {"Excel", "WPS", "xlsx", "xlsm", "xls", "ods", "csv", "CSV", "UTF", "PDF", "JPG", "PNG"}
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z]{4,}")


def english_in(message: str, *, echoed: tuple[str, ...] = ()) -> list[str]:
    """Latin words of four letters or more in ``message`` that are neither the project's own
    nor part of what the user typed (``echoed``, which a message may quote back)."""
    for value in sorted(echoed, key=len, reverse=True):
        if value:
            message = message.replace(value, " ")
    return [word for word in _WORD.findall(message) if word not in OWN_WORDS]


def assert_plain_chinese(message: str, *, echoed: tuple[str, ...] = ()) -> None:
    assert _CJK.search(message), f"not Chinese: {message!r}"
    leftover = english_in(message, echoed=echoed)
    assert not leftover, f"library text {leftover} in {message!r}"
