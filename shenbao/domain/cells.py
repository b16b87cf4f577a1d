"""Cell text that is safe to put in a spreadsheet."""

from __future__ import annotations

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# The same test as a regular expression, for whole columns at once (xlsx_stream).
FORMULA_PATTERN = "^[" + re.escape("".join(FORMULA_TRIGGERS)) + "]"


def neutralise(text: str) -> str:
    """Prefix an apostrophe-like quote so a spreadsheet shows the text instead of running it."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text
