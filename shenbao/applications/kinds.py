"""A roster's problems and findings by kind ("证件号码校验位错误 12 人"): the summary a roster page opens
with, each kind a link to the persons concerned. The applicant's page counts its own rows; the
reviewer's adds the cross-checks (reviews.roster_filter)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Q

from shenbao.applications.models import Application, has_problem_or_finding
from shenbao.domain.problem_kinds import kind_title


@dataclass(frozen=True, slots=True)
class KindCount:
    code: str
    title: str
    persons: int
    is_error: bool


def valid_kind(text: str) -> str:
    """A kind from the URL: a code is ASCII snake_case; anything else filters nothing."""
    return text if text.replace("_", "").isalnum() and text.isascii() and len(text) <= 60 else ""


def has_code(code: str) -> Q:
    # Problems are stored as code and params: the quoted code matches a code, not a word.
    quoted = f'"{code}"'
    return Q(problems__icontains=quoted) | Q(findings__icontains=quoted)


def row_kinds(application: Application) -> tuple[Counter[str], set[str]]:
    """Persons per code among the roster's problems and findings, and the codes that are errors."""
    persons: Counter[str] = Counter()
    errors: set[str] = set()
    noted = application.rows.filter(has_problem_or_finding()).values_list("problems", "findings")
    for problems, findings in noted.iterator(chunk_size=2000):
        codes = set()
        for item in [*problems, *findings]:
            code = str(item.get("code", ""))
            codes.add(code)
            if item.get("severity") == "error":
                errors.add(code)
        persons.update(codes)
    return persons, errors


def ranked(persons: Counter[str], errors: set[str]) -> list[KindCount]:
    """Errors first, then the most frequent."""
    kinds = [KindCount(code, kind_title(code), n, code in errors) for code, n in persons.items() if code]
    return sorted(kinds, key=lambda k: (not k.is_error, -k.persons, k.title))


def summary_by_kind(application: Application) -> list[KindCount]:
    persons, errors = row_kinds(application)
    return ranked(persons, errors)
