"""Turning checked roster rows into stored rows: the ID number encrypted, hashed and masked.

Problems about the 证件号码 column may quote the number; they are stored with the
masked form instead, so no plain number reaches the database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from shenbao.applications.models import Application, RosterRow
from shenbao.domain import roster
from shenbao.domain.eligibility import Window, row_findings
from shenbao.domain.personal import mask, normalise_number
from shenbao.domain.problems import Problem, Severity
from shenbao.personal_data import protector

ID_COLUMN = "证件号码"


def window_of(application: Application) -> Window:
    call = application.call
    return Window(hired_from=call.hired_from, hired_to=call.hired_to, reference_date=call.reference_date)


def problems_by_row(problems: Iterable[Problem]) -> dict[int, list[Problem]]:
    grouped: dict[int, list[Problem]] = defaultdict(list)
    for problem in problems:
        if problem.row is not None:
            grouped[problem.row].append(problem)
    return grouped


def stored_problem(problem: Problem, id_number: str) -> dict[str, object]:
    data = problem.as_dict()
    if id_number and id_number in problem.message + problem.value:
        data["message"] = problem.message.replace(id_number, mask(id_number))
        data["value"] = problem.value.replace(id_number, mask(id_number))
    return data


def build_row(
    application: Application, row: roster.RosterRow, problems: Sequence[Problem], *, applicant_code: str
) -> RosterRow:
    values = dict(row.values)
    id_number = normalise_number(values.pop(ID_COLUMN, ""))
    # Hashed as stored, so rotate_lookup_key can compute the same hash from the stored row.
    id_type = values.get("证件类型", "")[:10]
    has_errors = any(p.severity is Severity.ERROR for p in problems)
    findings = (
        []
        if has_errors
        else row_findings(
            row.values,
            window=window_of(application),
            applicant_code=applicant_code,
            tenure_days=row.tenure_days,
        )
    )
    guard = protector()
    return RosterRow(
        application=application,
        number=row.number,
        values=values,
        name=values.get("姓名", "")[:100],
        id_type=id_type,
        id_cipher=guard.encrypt(id_number) if id_number else "",
        id_hash=guard.lookup_hash(id_type, id_number) if id_number else "",
        # A cell far longer than any ID number (an error the row reports) must still fit the column.
        id_masked=mask(id_number)[: RosterRow._meta.get_field("id_masked").max_length] if id_number else "",
        tenure_days=row.tenure_days,
        problems=[stored_problem(p, id_number) for p in problems],
        findings=[f.to_json() for f in findings],
        has_errors=has_errors,
    )


def domain_row(stored: RosterRow) -> roster.RosterRow:
    """The stored row as the roster engine sees it (the ID number decrypted)."""
    values = dict(stored.values)
    values[ID_COLUMN] = protector().decrypt(stored.id_cipher) if stored.id_cipher else ""
    return roster.RosterRow(stored.number, values, stored.tenure_days)
