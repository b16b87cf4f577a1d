"""Problems in words, in a language: every area's code found in its table, filled from the stored params.

Stored problems keep code and params, never words (Problem.stored); pages render them here with
the viewer's language. A problem stored before codes and params were kept whose params could not
be read back out of its words (problem_stored.from_old_form) keeps those words under ``text``, and
one stored with no code at all has the code ``legacy_text``: those can only be shown as they were.

While rendering, a param that is itself a code and params (catalog_text.part), or a list of them,
is rendered in the same language; a status or an action ({status}, {action}, {allowed}) is written
in the language's words; in English, a Chinese reason another rule gave ({detail}) is matched to
its English words (problem_text_detail).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum

from shenbao.domain.catalog_import import IMPORT_MESSAGES, ImportCode
from shenbao.domain.catalog_text import CATALOG_MESSAGES, CatalogCode
from shenbao.domain.crosscheck_text import CROSS_MESSAGES, CrossTextCode
from shenbao.domain.eligibility import FINDING_MESSAGES, FindingCode
from shenbao.domain.flow.messages import FLOW_MESSAGES, FlowCode
from shenbao.domain.history_import import HISTORY_MESSAGES, HistoryCode
from shenbao.domain.problem_text_detail import english_details
from shenbao.domain.problem_text_en import ACTION_WORDS, ENGLISH, STATUS_WORDS
from shenbao.domain.problems import MESSAGES, SAYS_ITS_ROW, Problem, ProblemCode, fill, row_prefix
from shenbao.domain.workflow import ACTION_LABELS, STATUS_LABELS

LANGUAGES = ("zh", "en")
LEGACY_TEXT = "legacy_text"
AREAS: tuple[type[StrEnum], ...] = (
    ProblemCode,
    FindingCode,
    ImportCode,
    HistoryCode,
    FlowCode,
    CrossTextCode,
    CatalogCode,
)

CHINESE: dict[str, str] = {
    str(code): text
    for table in (
        MESSAGES,
        FINDING_MESSAGES,
        IMPORT_MESSAGES,
        HISTORY_MESSAGES,
        FLOW_MESSAGES,
        CROSS_MESSAGES,
        CATALOG_MESSAGES,
    )
    for code, text in table.items()
}
TABLES: dict[str, Mapping[str, str]] = {"zh": CHINESE, "en": ENGLISH}
# Codes whose words start with where they are (第 12 行「证件号码」：…).
_PLACED = frozenset(str(code) for code in (*ProblemCode, *HistoryCode) if code not in SAYS_ITS_ROW)


# Params that name a status or an action ({status}, {action}, {allowed}: "、"-joined actions), given
# as its code or its Chinese label: shown in the language's words.
_NAMED: dict[str, dict[str, dict[str, str]]] = {
    "status": {"zh": {str(s): label for s, label in STATUS_LABELS.items()}, "en": STATUS_WORDS},
    "action": {"zh": {str(a): label for a, label in ACTION_LABELS.items()}, "en": ACTION_WORDS},
}
_CODE_OF_LABEL = {
    name: {label: code for code, label in tables["zh"].items()} for name, tables in _NAMED.items()
}
_LIST_SEPARATOR = {"zh": "、", "en": ", "}


def _named(name: str, text: str, language: str) -> str | None:
    """A status or action, by code or Chinese label, in ``language``; None if ``text`` is neither."""
    code = text if text in _NAMED[name]["zh"] else _CODE_OF_LABEL[name].get(text)
    return _NAMED[name][language][code] if code is not None else None


def named_params(params: Mapping[str, object], language: str) -> Mapping[str, object]:
    """``params`` with each status and action written in ``language``."""
    changed: dict[str, object] = {}
    for name in _NAMED:
        value = params.get(name)
        words = _named(name, value, language) if isinstance(value, str) else None
        if words is not None:
            changed[name] = words
    allowed = params.get("allowed")
    if isinstance(allowed, str) and allowed:
        actions = [_named("action", part, language) for part in allowed.split("、")]
        if all(actions):
            changed["allowed"] = _LIST_SEPARATOR[language].join(str(a) for a in actions)
    return {**params, **changed} if changed else params


def _part_words(given: object, language: str) -> object:
    """A param that is itself a code and params (catalog_text.part), or a list of them, in words."""
    if isinstance(given, Mapping) and "code" in given:
        return render_stored(given, language)
    if isinstance(given, list | tuple) and given and all(isinstance(item, Mapping) for item in given):
        return _LIST_SEPARATOR[language].join(render_stored(item, language) for item in given)
    return given


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
    text = _words(template, params, row=row, column=column, value=value, language=language)
    return row_prefix(row, column, language) + text if str(code) in _PLACED else text


def _words(
    template: str,
    params: Mapping[str, object],
    *,
    row: int | None,
    column: str | None,
    value: str,
    language: str,
) -> str:
    """The template filled, without the place in front."""
    params = {name: _part_words(given, language) for name, given in params.items()}
    params = named_params(params, language)
    if language == "en":
        params = english_details(params)
    filled = {"column": column or "", "value": value, "row": row or "", **params}
    return fill(template, filled, language)


def render_problem(problem: Problem, language: str = "zh") -> str:
    return render(
        str(problem.code),
        problem.params,
        row=problem.row,
        column=problem.column,
        value=problem.value,
        language=language,
    )


def sentences(problems: Sequence[Problem], language: str = "zh") -> str:
    """Problems (a refusal's reasons) as one text in ``language``, each ending as a sentence does."""
    texts = [render_problem(problem, language) for problem in problems]
    if language == "zh":
        return "".join(text if text.endswith(("。", "！", "？")) else text + "。" for text in texts)
    return " ".join(text if text.endswith((".", "!", "?")) else text + "." for text in texts)


def render_stored(data: Mapping[str, object], language: str = "zh") -> str:
    """A problem as a row or an upload stores it (Problem.stored), in words."""
    # Words from before codes, shown as they were stored: kept by the migration under "text", or
    # still under "message" (a row an older worker wrote during a deployment, before 0010 reaches it).
    kept = data.get("text", data.get("message"))
    if isinstance(kept, str):
        return kept
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


# Params kept by value in StoredWords (what a stored problem's JSON gives, and dates and money).
_SCALARS = frozenset({str, int, float, bool, type(None), date, Decimal})


class StoredWords:
    """``render_stored`` for the many problems of one roster, each distinct wording filled once.

    The 143,000 problems of a 100,000-row annotated copy have ≈1,300 distinct wordings once the
    row is left out (the same finding on many rows), and filling a template is most of the cost.
    A wording whose template does not name its row is kept by code, column, value and params
    (each param's type too: 1, 1.0 and True are equal keys but read differently; a param
    that is a part or a list is not kept); the row goes
    only into the place in front, as in ``render``. Anything else is rendered as it is.
    tests/domain/test_problem_text.py checks it against render_stored.
    """

    def __init__(self, language: str = "zh") -> None:
        self.language = language
        # The templates a wording can be kept for: those that do not name the row.
        self._templates = {code: text for code, text in TABLES[language].items() if "{row" not in text}
        self._words: dict[tuple[object, ...], str] = {}

    def __call__(self, data: Mapping[str, object]) -> str:
        code, params = str(data.get("code", LEGACY_TEXT)), data.get("params")
        template = self._templates.get(code)
        if template is None or type(params) is not dict or "text" in data or "message" in data:
            return render_stored(data, self.language)
        types = tuple(map(type, params.values()))
        if not _SCALARS.issuperset(types):
            return render_stored(data, self.language)  # a part or a list of them: rendered each time
        column = str(data.get("column") or "") or None
        value = str(data.get("value") or "")
        key = (code, column, value, types, *params.items())
        text = self._words.get(key)
        if text is None:
            text = _words(template, params, row=None, column=column, value=value, language=self.language)
            self._words[key] = text
        if code not in _PLACED:
            return text
        row = data.get("row")
        return row_prefix(row if isinstance(row, int) else None, column, self.language) + text
