"""The annotated copy of a stored roster: rebuilt from the rows (IDs decrypted) for the roster engine's writer."""

from __future__ import annotations

from typing import IO, cast

from shenbao.applications import rows as stored_rows
from shenbao.applications.models import Application
from shenbao.domain import roster
from shenbao.domain.problems import Problem, ProblemCode, Severity
from shenbao.domain.workbook import write_report


def stored_result(application: Application) -> roster.RosterResult:
    """A RosterResult equal to the last check's, as the rows stand now (online edits included)."""
    kind = roster.RosterKind(application.kind)
    names = [column.name for column in roster.ROSTER_COLUMNS[kind]]
    numbers: list[int] = []
    tenure: list[int | None] = []
    columns: dict[str, list[str]] = {name: [] for name in names}
    problems: list[Problem] = []
    for row in application.rows.order_by("number").iterator(chunk_size=2000):
        plain = stored_rows.domain_row(row)
        numbers.append(row.number)
        tenure.append(row.tenure_days)
        for name in names:
            columns[name].append(plain.values.get(name, ""))
        problems += [_problem(data) for data in row.problems]
    header = max(min(numbers) - 1, 1) if numbers else 1
    return roster.RosterResult.from_columns(
        kind,
        problems,
        header_row=header,
        row_numbers=numbers,
        columns=columns,
        tenure=tenure,
    )


def write_stored_report(target: IO[bytes], application: Application) -> None:
    write_report(target, stored_result(application))


def _problem(data: dict[str, object]) -> Problem:
    code = str(data.get("code", ""))
    row = data.get("row")
    column = data.get("column")
    return Problem(
        code=ProblemCode(code) if code in ProblemCode.__members__.values() else cast(ProblemCode, code),
        severity=Severity(str(data.get("severity", "error"))),
        row=int(str(row)) if row is not None else None,
        column=str(column) if column is not None else None,
        value=str(data.get("value", "")),
        message=str(data.get("message", "")),
    )
