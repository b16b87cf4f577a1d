"""Problems stored in words before codes and params were kept, turned into code and params.

Rows and uploads stored each problem with its Chinese ``message`` (Problem.as_dict); they now
store code and params (Problem.stored) and pages render the words in the viewer's language. The
migration applications/0010 hands every stored problem to ``from_old_form``:

- a code and params: the message is dropped (the params render it again);
- a code without params (roster problems and the first findings kept none): the params are read
  back out of the message by matching the code's Chinese template, and kept only if they render
  the very same words;
- no code (a failed upload's note), or words no template gives back: the words are kept under
  ``text``, which ``problem_text.render_stored`` shows as they are, in every language. A message
  without a code is first matched against every template, so a note the system wrote in words
  that a code now has (后台处理多次中断…) gets that code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from shenbao.domain.problem_text import CHINESE, LEGACY_TEXT, render_stored, words_start_with_place
from shenbao.domain.problems import row_prefix

# A date as a Chinese template writes a param named *_on (problems.shown): back to ISO text.
_ZH_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_COUNT = re.compile(r"[1-9]\d{0,8}|0")  # 007 or a 10-digit code stays text
_PLACE_KEYS = ("row", "column", "value")
_FIXED = [(code, template) for code, template in CHINESE.items() if "{" not in template]


def from_old_form(data: Mapping[str, object]) -> dict[str, object]:
    """The stored problem in code-and-params form (unchanged if it already is)."""
    stored = dict(data)
    if "message" not in stored:
        return stored
    message = str(stored.pop("message") or "")
    code = str(stored.get("code") or "")
    if code not in CHINESE:
        code = _code_of(message) or ""
    if code:
        stored["code"] = code
        params = stored.get("params")
        if isinstance(params, Mapping):
            return stored
        recovered = params_from_words(code, message, stored)
        if recovered is not None:
            stored["params"] = recovered
            return stored
    else:
        stored["code"] = LEGACY_TEXT
    stored["params"] = {}
    stored["text"] = message
    return stored


def _code_of(message: str) -> str | None:
    """The code whose template, with no placeholder, is exactly ``message`` (a note stored without a code)."""
    return next((code for code, template in _FIXED if template == message), None)


def params_from_words(code: str, message: str, place: Mapping[str, object]) -> dict[str, object] | None:
    """The params that make ``code``'s Chinese template read ``message`` at ``place`` (row, column,
    value), or None when it cannot (other words, or a template changed since)."""
    row = place.get("row")
    column = str(place.get("column") or "") or None
    words = message
    if words_start_with_place(code):
        prefix = row_prefix(row if isinstance(row, int) else None, column)
        if not words.startswith(prefix):
            return None
        words = words[len(prefix) :]
    match = _pattern(CHINESE[code]).fullmatch(words)
    if match is None:
        return None
    params: dict[str, object] = {
        name: _param(name, text)
        for name, text in match.groupdict().items()
        if text is not None and name not in _PLACE_KEYS
    }
    trial = {**place, "code": code, "params": params}
    return params if render_stored(trial, "zh") == message else None


def _param(name: str, text: str) -> object:
    """A param as it was given: counts and row numbers as numbers, dates named *_on as ISO text."""
    if _COUNT.fullmatch(text):
        return int(text)
    found = _ZH_DATE.fullmatch(text) if name.endswith("_on") else None
    if found is None:
        return text
    return date(int(found[1]), int(found[2]), int(found[3])).isoformat()


def _pattern(template: str) -> re.Pattern[str]:
    """A template as a regular expression: each placeholder a named group, a [part] optional."""
    seen: set[str] = set()

    def literal_and_fields(text: str) -> str:
        out = []
        position = 0
        for field in _PLACEHOLDER.finditer(text):
            out.append(re.escape(text[position : field.start()]))
            name = field[1]
            out.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
            seen.add(name)
            position = field.end()
        out.append(re.escape(text[position:]))
        return "".join(out)

    parts = []
    position = 0
    for optional in _OPTIONAL.finditer(template):
        parts.append(literal_and_fields(template[position : optional.start()]))
        parts.append(f"(?:{literal_and_fields(optional[1])})?")
        position = optional.end()
    parts.append(literal_and_fields(template[position:]))
    return re.compile("".join(parts), re.DOTALL)
