"""Check a roster (附件3 employees, 附件4 trainees): read the file, find the header, check every row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, cast

from shenbao.domain.problems import (
    NOT_A_PERSON,
    Problem,
    ProblemCode,
    Severity,
    make_file_problem,
    make_problem,
)
from shenbao.domain.roster_columns import (
    KIND_LABELS,
    ROSTER_COLUMNS,
    ROW,
    SERIAL,
    TENURE_DAYS,
    Header,
    RosterKind,
    find_header,
    recognise_kind,
)
from shenbao.domain.sheets import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ROWS,
    HEADER_ALLOWANCE,
    Limits,
    Sheet,
    UnreadableFile,
    read_sheets,
)
from shenbao.domain.text_sheets import date_texts, stripped_texts

if TYPE_CHECKING:
    import polars as pl

    from shenbao.domain.identity import OrganisationCode

__all__ = [
    "ROSTER_COLUMNS",
    "RosterKind",
    "RosterResult",
    "RosterRow",
    "check_roster_file",
    "check_rows",
    "recheck_rows",
    "cell_text",
]


@dataclass(frozen=True, slots=True)
class RosterRow:
    number: int  # the spreadsheet row number the user sees
    values: dict[str, str]  # canonical column name → normalised text
    tenure_days: int | None = None


@dataclass(frozen=True)
class RosterResult:
    kind: RosterKind | None
    problems: list[Problem]
    header_row: int | None = None  # spreadsheet row number of the header
    sheet_name: str = ""
    # The checked rows: ROW, every column of the kind, TENURE_DAYS (see roster_checks.check_frame).
    table: pl.DataFrame | None = field(default=None, repr=False)
    present: tuple[str, ...] = ()  # the columns the file had, in the kind's order
    ignored_columns: tuple[str, ...] = ()

    @classmethod
    def from_columns(
        cls,
        kind: RosterKind,
        problems: list[Problem],
        *,
        header_row: int,
        row_numbers: list[int],
        columns: dict[str, list[str]],
        tenure: list[int | None],
    ) -> RosterResult:
        """A result for rows that are not in a file (a stored roster, for its report)."""
        import polars as pl

        table = pl.DataFrame(
            {ROW: row_numbers, **columns, TENURE_DAYS: tenure},
            schema={ROW: pl.Int64, **dict.fromkeys(columns, pl.String), TENURE_DAYS: pl.Int64},
        )
        return cls(kind, problems, header_row, table=table, present=tuple(columns))

    @property
    def row_count(self) -> int:
        return 0 if self.table is None else self.table.height

    @cached_property
    def row_numbers(self) -> list[int]:
        return [] if self.table is None else self.table.get_column(ROW).to_list()

    @cached_property
    def columns(self) -> dict[str, list[str]]:
        """The columns the file had: canonical name → each data row's text."""
        if self.table is None:
            return {}
        return {name: self.table.get_column(name).to_list() for name in self.present}

    @cached_property
    def tenure(self) -> list[int | None]:
        return [] if self.table is None else self.table.get_column(TENURE_DAYS).to_list()

    @cached_property
    def rows(self) -> list[RosterRow]:
        """The data rows, built on first use (the command line only needs the problems)."""
        names = list(self.columns)
        columns = [self.columns[name] for name in names]
        return [
            RosterRow(number, dict(zip(names, values, strict=True)), days)
            for number, days, *values in zip(self.row_numbers, self.tenure, *columns, strict=True)
        ]

    @property
    def file_problems(self) -> list[Problem]:
        return [p for p in self.problems if p.row is None and p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def file_warnings(self) -> list[Problem]:
        """Warnings about the file rather than a person's row: ignored columns, rows that are not persons."""
        return [
            p
            for p in self.problems
            if p.severity is Severity.WARNING
            and (p.row is None or p.code is ProblemCode.COLUMN_IGNORED or p.code in NOT_A_PERSON)
        ]

    @property
    def is_usable(self) -> bool:
        return not self.file_problems

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


def cell_text(value: object) -> str:
    """What a cell says, as text: dates in ISO form, whole numbers without .0, no surrounding blanks.

    A number too long for a spreadsheet to keep exactly (an ID typed into a General cell)
    is shown the way Excel shows it, 1.10105E+17, so the check can say its digits are lost.
    """
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if abs(value) >= 1e15:
            return f"{value:.5E}"
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return f"{float(value):.5E}" if abs(value) >= 10**15 else str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta | time):
        return str(value)
    return "" if value is None else str(value).strip()


class _Memo(dict[object, str]):
    """cell → text, computed once per distinct cell (dates and codes repeat down a column)."""

    def __missing__(self, key: object) -> str:
        text = self[key] = cell_text(key)
        return text


def column_text(cells: Sequence[object]) -> list[str]:
    """Every cell of a column as text; all-text columns take the fast C path."""
    try:
        return list(map(str.strip, cells))  # type: ignore[arg-type]
    except TypeError:
        pass
    numbers = cast("Sequence[float]", cells)
    if all(type(cell) is float for cell in numbers):  # 序号 and other number columns
        return [str(int(x)) if x.is_integer() and abs(x) < 1e15 else cell_text(x) for x in numbers]
    memo = _Memo()
    try:
        return list(map(memo.__getitem__, cells))
    except TypeError:  # an unhashable cell: never from a reader, but be safe
        return [cell_text(cell) for cell in cells]


def check_roster_file(
    path: str | Path,
    *,
    kind: RosterKind | None = None,
    reference_date: date,
    organisation_code: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> RosterResult:
    """Read a roster file and check every row. File problems stop the check; never raises for bad input."""
    own = _organisation(organisation_code)
    limits = Limits(max_bytes=max_bytes, max_rows=max_rows)
    try:
        found = None
        for sheet in read_sheets(path, limits=limits, as_text=True, meanwhile=_prepare_checks):
            header = find_header(sheet.rows, scan_rows=HEADER_ALLOWANCE)
            if header is not None:
                found = (sheet, header)
                break
            del sheet
    except UnreadableFile as exc:
        return _file_result(kind, make_file_problem(exc.code, exc.details))
    if found is None:
        return _file_result(kind, make_problem(ProblemCode.HEADER_NOT_FOUND, limit=HEADER_ALLOWANCE))
    sheet, header = found
    del found  # the sheet's cells go as soon as its rows are extracted
    recognised = recognise_kind(set(header.positions))
    if kind is not None and recognised is not None and recognised is not kind:
        detail = KIND_LABELS[recognised]
        return _file_result(
            kind, make_problem(ProblemCode.KIND_MISMATCH, detail=detail, expected=KIND_LABELS[kind])
        )
    kind = kind or recognised
    if kind is None:
        return _file_result(None, make_problem(ProblemCode.KIND_UNRECOGNISED))
    missing = [
        c.name for c in ROSTER_COLUMNS[kind] if c.name not in header.positions and c.name != SERIAL.name
    ]
    if missing:
        return _file_result(
            kind, *[make_problem(ProblemCode.COLUMN_MISSING, column=name) for name in missing]
        )
    from shenbao.domain.roster_checks import check_frame
    from shenbao.domain.roster_row_kinds import split_persons

    frame, not_persons = split_persons(extract_rows(sheet, header, kind))
    sheet_name = sheet.name
    del sheet
    notes = _header_notes(header) + not_persons
    if frame.is_empty():
        return _file_result(kind, *notes, make_problem(ProblemCode.NO_DATA_ROWS))
    if frame.height > max_rows:
        detail = f"共 {frame.height} 行"
        return _file_result(kind, make_problem(ProblemCode.FILE_TOO_MANY_ROWS, detail=detail, limit=max_rows))
    present = tuple(c.name for c in ROSTER_COLUMNS[kind] if c.name in frame.columns)
    problems, table = check_frame(kind, frame, reference_date=reference_date, organisation_code=own)
    return RosterResult(
        kind=kind,
        problems=notes + problems,
        header_row=header.row_index + 1,
        sheet_name=sheet_name,
        table=table,
        present=present,
        ignored_columns=tuple(text for _, text in header.ignored),
    )


def check_rows(
    kind: RosterKind,
    rows: Sequence[RosterRow],
    *,
    reference_date: date,
    organisation_code: str | None = None,
) -> list[Problem]:
    """Re-check rows without a file: their problems."""
    return recheck_rows(
        kind, rows, reference_date=reference_date, organisation_code=organisation_code
    ).problems


def recheck_rows(
    kind: RosterKind,
    rows: Sequence[RosterRow],
    *,
    reference_date: date,
    organisation_code: str | None = None,
) -> RosterResult:
    """Re-check rows without a file (an online edit): the same result a file with these rows gives."""
    import polars as pl

    from shenbao.domain.roster_checks import check_frame

    names = [column.name for column in ROSTER_COLUMNS[kind]]
    data: dict[str, list[object]] = {ROW: [row.number for row in rows]}
    data.update({name: [cell_text(row.values.get(name, "")) for row in rows] for name in names})
    schema = {ROW: pl.Int64, **dict.fromkeys(names, pl.String)}
    problems, table = check_frame(
        kind,
        pl.DataFrame(data, schema=schema),
        reference_date=reference_date,
        organisation_code=_organisation(organisation_code),
    )
    # 序号 is kept only where the rows had it, so an edited row reads as its uploaded self.
    has_serial = any(SERIAL.name in row.values for row in rows)
    present = tuple(name for name in names if name != SERIAL.name or has_serial)
    return RosterResult(kind=kind, problems=problems, table=table, present=present)


def _prepare_checks() -> None:
    """Import the rules, and what they load on their first use, while fastexcel loads the sheet:
    `shenbao check` would otherwise import them before it opens the file (≈15 ms)."""
    from shenbao.domain.roster_checks import prepare_checks

    prepare_checks()


def _organisation(code: str | None) -> OrganisationCode | None:
    if not code:
        return None
    from shenbao.domain.identity import InvalidIdentifier, parse_organisation_code

    try:
        return parse_organisation_code(code)
    except InvalidIdentifier:
        return None


def _file_result(kind: RosterKind | None, *problems: Problem) -> RosterResult:
    return RosterResult(kind=kind, problems=list(problems))


def _header_notes(header: Header) -> list[Problem]:
    notes = [
        make_problem(ProblemCode.COLUMN_IGNORED, row=header.row_index + 1, value=text)
        for _, text in header.ignored
    ]
    notes += [make_problem(ProblemCode.COLUMN_DUPLICATED, column=name) for name in header.duplicated]
    return notes


def extract_rows(sheet: Sheet, header: Header, kind: RosterKind) -> pl.DataFrame:
    """The rows under the header as text: ROW and the roster's columns the header has.

    Blank rows and template rows holding only a number in 序号 are dropped; 姓名 or 证件号码
    settles most rows at once. A row holding only text in 序号 (合计, 注：…) is kept for
    roster_row_kinds to name.
    """
    import polars as pl

    start = header.row_index + 1
    wanted = [c.name for c in ROSTER_COLUMNS[kind] if c.name in header.positions]
    content = [pl.col(name) != "" for name in wanted if name != SERIAL.name]
    if SERIAL.name in wanted:
        content.append(~pl.col(SERIAL.name).str.contains(r"^\d*$"))
    if sheet.text is not None:
        rows = sheet.text.slice(start)
        columns = rows.select(rows.to_series(header.positions[name]).alias(name) for name in wanted)
        numbers = pl.int_range(start + 1, start + 1 + pl.len(), dtype=pl.Int64).alias(ROW)
        body = columns.select(numbers, *stripped_texts(columns))
        kept = body.select(pl.any_horizontal(content)).to_series()
        # Dropping rows copies every column: only when there is a row to drop. The date and
        # time cells are rewritten after (no rewrite changes a cell's emptiness or 序号).
        return date_texts(body if kept.all() else body.filter(kept))
    body = pl.DataFrame(
        {ROW: range(start + 1, len(sheet.rows) + 1), **_column_texts(sheet.rows[start:], header, wanted)},
        schema={ROW: pl.Int64, **dict.fromkeys(wanted, pl.String)},
    )
    return body.filter(pl.any_horizontal(content))


def _column_texts(body: list[list[object]], header: Header, wanted: list[str]) -> dict[str, list[str]]:
    width = max(header.positions.values()) + 1
    # CSV rows can be ragged; spreadsheet rows are already rectangular.
    lengths = set(map(len, body))
    if len(lengths) > 1 or (lengths and min(lengths) < width):
        body = [row[:width] + [""] * max(0, width - len(row)) for row in body]
    transposed = list(zip(*body, strict=True)) if body else []
    return {name: column_text(transposed[header.positions[name]]) if transposed else [] for name in wanted}
