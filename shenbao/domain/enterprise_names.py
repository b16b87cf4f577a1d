"""Enterprise names as people write them (录用企业名称), matched to the registered enterprises.

The same enterprise turns up as ``微软（上海）有限公司``, ``微软(上海)有限公司``, ``微软 (上海) 有限责任公司``
or ``上海微软有限公司``. Names are compared by a normal form that forgets those differences;
when no registered name has the same normal form, the closest ones (difflib's ratio on the
normal forms) are offered so a reviewer can see what was probably meant.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

# Brackets people type instead of ( ): after NFKC these are still distinct characters.
_BRACKETS = str.maketrans(
    {"【": "(", "】": ")", "〔": "(", "〕": ")", "[": "(", "]": ")", "﹙": "(", "﹚": ")"}
)
# Punctuation that carries no meaning in a name.
_NOISE = re.compile(r"[\s\u3000\u00a0·•.,，。、\"'“”‘’]")
# A place in brackets is how a branch of a group is named: 微软(上海) = 上海微软 = 微软.
_CITY = re.compile(r"\((?:中国)?上海(?:市)?\)")
_LEADING_CITY = re.compile(r"^上海(?:市)?")
_LEGAL_FORMS = (("有限责任公司", "有限公司"),)
CLOSEST_CUTOFF = 0.6
CLOSEST_COUNT = 3


def normalise_enterprise_name(name: str) -> str:
    """The form two spellings of one enterprise name share; empty for a blank name."""
    text = unicodedata.normalize("NFKC", name).translate(_BRACKETS)
    text = _NOISE.sub("", text).casefold()
    text = _CITY.sub("", text)
    text = _LEADING_CITY.sub("", text)
    for written, canonical in _LEGAL_FORMS:
        text = text.replace(written, canonical)
    return text


class MatchOutcome(StrEnum):
    MATCHED = "matched"
    AMBIGUOUS = "ambiguous"  # several registered enterprises share the normal form
    NOT_FOUND = "not_found"
    BLANK = "blank"


@dataclass(frozen=True, slots=True)
class Enterprise:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class NameMatch:
    outcome: MatchOutcome
    enterprises: tuple[Enterprise, ...] = ()  # the match (one) or the equally good ones (ambiguous)
    candidates: tuple[str, ...] = ()  # closest registered names when nothing matched

    @property
    def enterprise(self) -> Enterprise | None:
        return self.enterprises[0] if self.outcome is MatchOutcome.MATCHED else None


class EnterpriseRegistry:
    """The registered enterprises, indexed by normal form; answers repeated names from a cache."""

    def __init__(self, enterprises: Iterable[Enterprise]) -> None:
        self._by_form: dict[str, list[Enterprise]] = {}
        for enterprise in enterprises:
            form = normalise_enterprise_name(enterprise.name)
            if form:
                self._by_form.setdefault(form, []).append(enterprise)
        self._forms = list(self._by_form)
        self._cache: dict[str, NameMatch] = {}

    def match(self, written: str) -> NameMatch:
        if written not in self._cache:
            self._cache[written] = self._match(written)
        return self._cache[written]

    def _match(self, written: str) -> NameMatch:
        form = normalise_enterprise_name(written)
        if not form:
            return NameMatch(MatchOutcome.BLANK)
        found = self._by_form.get(form, [])
        if len(found) == 1:
            return NameMatch(MatchOutcome.MATCHED, enterprises=(found[0],))
        if found:
            ordered = tuple(sorted(found, key=lambda c: c.name))
            return NameMatch(
                MatchOutcome.AMBIGUOUS, enterprises=ordered, candidates=tuple(c.name for c in ordered)
            )
        close = difflib.get_close_matches(form, self._forms, n=CLOSEST_COUNT, cutoff=CLOSEST_CUTOFF)
        names = tuple(enterprise.name for near in close for enterprise in self._by_form[near])
        return NameMatch(MatchOutcome.NOT_FOUND, candidates=names[:CLOSEST_COUNT])
