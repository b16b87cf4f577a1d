"""A roster's problems and findings by kind ("证件号码校验位错误 12 人"): the summary a roster page opens
with, each kind a link to the persons concerned. The applicant's page shows its own rows' kinds,
counted whenever the roster changes (services.update_counts) and kept on the application; the
reviewer's adds the cross-checks (reviews.roster_filter)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from shenbao.applications.labels import kind_label
from shenbao.applications.models import Application, has_problem_or_finding


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


# Each noted row's problems and findings as (row id, code, severity), expanded by the database: a
# roster full of findings (100,000 noted rows) is counted in SQL in 0.2–0.3 s instead of 0.7 s of
# decoding every row's JSON in Python. Django has no expression for a JSON array's elements, hence
# the two vendors' table functions by hand; the rows themselves come from the ORM.
_ITEMS = {
    "sqlite": (
        "SELECT noted.id AS id, json_extract(item.value, '$.code') AS code,"
        " json_extract(item.value, '$.severity') AS severity"
        " FROM ({rows}) AS noted, json_each(noted.{column}) AS item"
    ),
    "postgresql": (
        "SELECT noted.id AS id, item ->> 'code' AS code, item ->> 'severity' AS severity"
        " FROM ({rows}) AS noted, jsonb_array_elements(noted.{column}) AS item"
    ),
}
_COUNT = (
    "SELECT code, COUNT(DISTINCT id), MAX(CASE WHEN severity = 'error' THEN 1 ELSE 0 END)"
    " FROM ({items}) AS items GROUP BY code"
)


def count_kinds(application: Application) -> list[list[object]]:
    """[code, persons, is_error] for every code among the stored rows' problems and findings."""
    noted = application.rows.filter(has_problem_or_finding()).order_by().values("id", "problems", "findings")
    sql, params = noted.query.sql_with_params()
    items = " UNION ALL ".join(
        _ITEMS[connection.vendor].format(rows=sql, column=column) for column in ("problems", "findings")
    )
    with connection.cursor() as cursor:
        cursor.execute(_COUNT.format(items=items), params * 2)
        return [[code or "", count, bool(is_error)] for code, count, is_error in cursor.fetchall()]


def row_kinds(application: Application) -> tuple[Counter[str], set[str]]:
    """Persons per code among the roster's problems and findings, and the codes that are errors,
    as kept on the application."""
    persons: Counter[str] = Counter()
    errors: set[str] = set()
    for code, count, is_error in application.problem_kinds:
        persons[code] += count
        if is_error:
            errors.add(code)
    return persons, errors


def ranked(persons: Counter[str], errors: set[str]) -> list[KindCount]:
    """Errors first, then the most frequent."""
    kinds = [KindCount(code, kind_label(code), n, code in errors) for code, n in persons.items() if code]
    return sorted(kinds, key=lambda k: (not k.is_error, -k.persons, k.title))


def summary_by_kind(application: Application) -> list[KindCount]:
    persons, errors = row_kinds(application)
    return ranked(persons, errors)
