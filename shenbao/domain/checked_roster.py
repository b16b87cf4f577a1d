"""The one entry that checks a roster, from a file or from rows edited online.

Both give the same thing: each row with its values as checked (证件号码 canonical, dates ISO),
its tenure, its format problems and — for a row without errors — its eligibility findings.
The application layer only encrypts and stores what this returns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from shenbao.domain.eligibility import Window, row_findings
from shenbao.domain.problems import Problem, ProblemCode, Severity, make_problem
from shenbao.domain.roster import RosterResult, RosterRow, check_roster_file, recheck_rows
from shenbao.domain.roster_columns import ID_NUMBER, RosterKind
from shenbao.domain.sheets import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS


def _any_error(problems: tuple[Problem, ...]) -> bool:
    # Most rows of a large roster have no problem: no generator set up for them (issue 14).
    return bool(problems) and any(problem.severity is Severity.ERROR for problem in problems)


@dataclass(frozen=True, slots=True)
class CheckedRow:
    number: int  # the spreadsheet row number
    values: dict[str, str]  # canonical column → text, 证件号码 in full (the caller protects it)
    tenure_days: int | None
    problems: tuple[Problem, ...]
    findings: tuple[Problem, ...]

    @property
    def has_errors(self) -> bool:
        return _any_error(self.problems)


@dataclass(frozen=True)
class CheckedRoster:
    """A checked roster: file problems (then no rows), notes about the file, and the rows on demand."""

    result: RosterResult
    window: Window
    organisation_code: str | None
    # Row number → the first row of the stored roster with the same person (an online edit).
    duplicate_of: Mapping[int, int] = field(default_factory=dict)

    @property
    def is_usable(self) -> bool:
        return self.result.is_usable

    @property
    def file_problems(self) -> list[Problem]:
        return self.result.file_problems

    @property
    def notes(self) -> list[Problem]:
        """Warnings about the file rather than a person: ignored or duplicated columns, rows that are not persons."""
        return self.result.file_warnings

    @property
    def row_count(self) -> int:
        return self.result.row_count

    @cached_property
    def _problems_by_row(self) -> dict[int, list[Problem]]:
        grouped: dict[int, list[Problem]] = defaultdict(list)
        for problem in self.result.problems:
            if problem.row is not None and problem.code is not ProblemCode.COLUMN_IGNORED:
                grouped[problem.row].append(problem)
        for number, first in self.duplicate_of.items():
            value = next(
                (r.values.get(ID_NUMBER.name, "") for r in self.result.rows if r.number == number), ""
            )
            grouped[number].append(
                make_problem(
                    ProblemCode.ID_DUPLICATE, row=number, column=ID_NUMBER.name, value=value, first_row=first
                )
            )
        return grouped

    def rows(self, start: int = 0, stop: int | None = None) -> list[CheckedRow]:
        """Rows ``start`` to ``stop`` (all by default), so a caller can report progress between batches."""
        return [self._checked(row) for row in self.result.rows[start:stop]]

    def _checked(self, row: RosterRow) -> CheckedRow:
        problems = tuple(self._problems_by_row.get(row.number, ()))
        has_errors = _any_error(problems)
        found = (
            ()
            if has_errors
            else tuple(
                row_findings(
                    row.values,
                    window=self.window,
                    organisation_code=self.organisation_code,
                    tenure_days=row.tenure_days,
                )
            )
        )
        return CheckedRow(row.number, dict(row.values), row.tenure_days, problems, found)


def check_roster(
    source: str | Path | Sequence[RosterRow],
    *,
    kind: RosterKind,
    window: Window,
    organisation_code: str | None = None,
    duplicate_of: Mapping[int, int] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> CheckedRoster:
    """Check a roster file (an upload) or rows (an online edit) against the call's rules.

    ``duplicate_of`` names, for edited rows, the first other row of the stored roster holding the
    same person: the stored numbers are encrypted, so the caller finds them by look-up key.
    """
    if isinstance(source, str | Path):
        result = check_roster_file(
            source,
            kind=kind,
            reference_date=window.reference_date,
            organisation_code=organisation_code,
            max_bytes=max_bytes,
            max_rows=max_rows,
        )
    else:
        result = recheck_rows(
            kind, source, reference_date=window.reference_date, organisation_code=organisation_code
        )
    return CheckedRoster(result, window, organisation_code, dict(duplicate_of or {}))
