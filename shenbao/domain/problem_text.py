"""Problems in words, in a language: every area's code found in its table, filled from the stored params.

Stored problems keep code and params, never words (Problem.stored); pages render them here with
the viewer's language. A problem stored before codes and params were kept whose params could not
be read back out of its words (problem_stored.from_old_form) keeps those words under ``text``, and
one stored with no code at all has the code ``legacy_text``: those can only be shown as they were.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from shenbao.domain.catalog_import import IMPORT_MESSAGES, ImportCode
from shenbao.domain.eligibility import FINDING_MESSAGES, FindingCode
from shenbao.domain.flow.messages import FLOW_MESSAGES, FlowCode
from shenbao.domain.history_import import HISTORY_MESSAGES, HistoryCode
from shenbao.domain.problem_text_en import ENGLISH
from shenbao.domain.problems import MESSAGES, SAYS_ITS_ROW, Problem, ProblemCode, fill, row_prefix

LANGUAGES = ("zh", "en")
LEGACY_TEXT = "legacy_text"
AREAS: tuple[type[StrEnum], ...] = (ProblemCode, FindingCode, ImportCode, HistoryCode, FlowCode)

CHINESE: dict[str, str] = {
    str(code): text
    for table in (MESSAGES, FINDING_MESSAGES, IMPORT_MESSAGES, HISTORY_MESSAGES, FLOW_MESSAGES)
    for code, text in table.items()
}
TABLES: dict[str, Mapping[str, str]] = {"zh": CHINESE, "en": ENGLISH}
# Codes whose words start with where they are (第 12 行「证件号码」：…).
_PLACED = frozenset(str(code) for code in (*ProblemCode, *HistoryCode) if code not in SAYS_ITS_ROW)


def words_start_with_place(code: str) -> bool:
    """Whether ``code``'s words start with where it is (第 12 行「证件号码」：…)."""
    return str(code) in _PLACED


def all_codes() -> list[str]:
    return [str(code) for area in AREAS for code in area]


def language_of(django_language: str | None) -> str:
    """zh-hans, zh → zh; en, en-gb → en; anything else is shown in Chinese."""
    return "en" if (django_language or "").lower().startswith("en") else "zh"


def render(
    code: str,
    params: Mapping[str, object],
    *,
    row: int | None = None,
    column: str | None = None,
    value: str = "",
    language: str = "zh",
) -> str:
    """The words for ``code`` in ``language``; an unknown code shows its stored text, if any."""
    template = TABLES[language].get(str(code))
    if template is None:
        return str(params.get("text", ""))
    text = fill(template, {"column": column or "", "value": value, "row": row or "", **params}, language)
    return row_prefix(row, column, language) + text if str(code) in _PLACED else text


def render_problem(problem: Problem, language: str = "zh") -> str:
    return render(
        str(problem.code),
        problem.params,
        row=problem.row,
        column=problem.column,
        value=problem.value,
        language=language,
    )


def render_stored(data: Mapping[str, object], language: str = "zh") -> str:
    """A problem as a row or an upload stores it (Problem.stored), in words."""
    kept = data.get("text")
    if isinstance(kept, str):
        return kept  # words from before codes: shown as they were stored
    params = data.get("params")
    row = data.get("row")
    return render(
        str(data.get("code", LEGACY_TEXT)),
        params if isinstance(params, Mapping) else {},
        row=row if isinstance(row, int) else None,
        column=str(data.get("column") or "") or None,
        value=str(data.get("value") or ""),
        language=language,
    )
