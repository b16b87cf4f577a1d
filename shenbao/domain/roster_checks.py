"""The rules of a roster row (design.md "Roster rows"), checked a whole column at a time.

Rows arrive as a polars DataFrame of normalised text, one column per canonical column name
and ``ROW`` holding the spreadsheet row numbers. Each rule is a column expression run in
polars; Python sees only the distinct values of a column (dates, organisation codes, region
codes) and the few rows where something is wrong. This keeps a 200,000-row roster within a
few tenths of a second of reading it (bench/roster.py).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import TYPE_CHECKING

from shenbao.domain.dates import parse_date
from shenbao.domain.idcard import ERROR_VALUE, region_exists
from shenbao.domain.identity import InvalidIdentifier, OrganisationCode, parse_organisation_code
from shenbao.domain.problems import Problem, ProblemCode, make_problem
from shenbao.domain.roster_columns import (
    EMPLOYED,
    HIRE_DATE,
    ID_NUMBER,
    LEAVE_DATE,
    ROSTER_COLUMNS,
    ROW,
    SERIAL,
    SI_CODE,
    SI_OWN_ACCOUNT,
    TENURE,
    TENURE_DAYS,
    RosterKind,
)
from shenbao.domain.roster_id_checks import Finding, id_number_findings, normalised_ids

if TYPE_CHECKING:
    import polars as pl

MAX_DAYS = 10**9  # computed 在职时长（天）, null when unknown


def prepare_checks() -> None:
    """Load what the first check would load on its way: python-stdnum's credit-code rules
    (≈20 ms to import) and the region table (≈5 ms). check_roster_file has this done while
    fastexcel loads the sheet, where the main thread would otherwise wait."""
    import stdnum.cn.uscc  # noqa: F401

    region_exists("110101")


def check_frame(
    kind: RosterKind,
    frame: pl.DataFrame,
    *,
    reference_date: date,
    organisation_code: OrganisationCode | None = None,
) -> tuple[list[Problem], pl.DataFrame]:
    """Problems of every row, and the rows as checked.

    The returned frame has every column of ``kind`` (blank where the file had none),
    证件号码 in canonical form, dates in ISO form and ``TENURE_DAYS``.
    """
    import polars as pl

    names = [column.name for column in ROSTER_COLUMNS[kind]]
    frame = frame.with_columns(
        [pl.lit("", dtype=pl.String).alias(name) for name in names if name not in frame.columns]
    )
    errors = _error_cells(frame, names)
    if errors:
        # Checked as blank, reported as an error value, shown as the file has it.
        frame = frame.with_columns(_blank_errors(name).alias(name) for name in errors)
    frame = frame.with_columns(normalised_ids(frame.get_column(ID_NUMBER.name)))
    # The 证件号码 rules run beside the others: each polars step of a rule runs on one core at
    # a time, and the two halves take about as long (a 100,000-row check ≈25 ms sooner).
    with ThreadPoolExecutor(1) as beside:
        id_findings = beside.submit(id_number_findings, frame, reference_date)
        findings = _required_and_allowed(kind, frame)
        if kind is RosterKind.EMPLOYEES:
            others = _organisation_code_findings(frame, organisation_code)
            frame, date_findings = _dates(frame, reference_date)
            others += date_findings
        else:
            others = []
            frame = frame.with_columns(pl.lit(None, dtype=pl.Int64).alias(TENURE_DAYS))
        findings += id_findings.result() + others
    if errors:
        frame, findings = _error_values_back(frame, findings, errors)
    order = {name: position for position, name in enumerate(names)}
    # Stable: two findings on one cell keep the order the rules above produced them in.
    findings.sort(key=lambda f: (f[0], order.get(f[2], 99)))
    problems = [
        make_problem(code, row=row, column=name, value=value, **details)
        for row, code, name, value, details in findings
    ]
    return problems, frame


def _error_cells(frame: pl.DataFrame, names: list[str]) -> dict[str, dict[int, str]]:
    """Column → {row: error value} of the cells holding a formula's error value (序号 aside)."""
    import polars as pl

    checked = [name for name in names if name != SERIAL.name]
    # starts_with is a byte compare: the regex runs only on a column that may hold one.
    maybe = frame.select(
        (pl.col(name).str.starts_with("#") | pl.col(name).str.starts_with("Err:")).any() for name in checked
    ).row(0)
    found: dict[str, dict[int, str]] = {}
    for name, flagged in zip(checked, maybe, strict=True):
        if flagged:
            cells = frame.filter(pl.col(name).str.contains(ERROR_VALUE)).select(ROW, name)
            if not cells.is_empty():
                found[name] = dict(cells.iter_rows())
    return found


def _error_values_back(
    frame: pl.DataFrame, findings: list[Finding], errors: dict[str, dict[int, str]]
) -> tuple[pl.DataFrame, list[Finding]]:
    """Each error value is its cell's one problem (what blank gave it, 未填写…, is dropped); the
    checked rows show it as the file does."""
    import polars as pl

    findings = [f for f in findings if f[0] not in errors.get(f[2], {})]
    findings += [
        (row, ProblemCode.FORMULA_ERROR, name, value, {})
        for name, cells in errors.items()
        for row, value in cells.items()
    ]
    frame = frame.with_columns(
        pl.col(ROW)
        .replace_strict(list(cells), list(cells.values()), default=pl.col(name), return_dtype=pl.String)
        .alias(name)
        for name, cells in errors.items()
    )
    return frame, findings


def _blank_errors(name: str) -> pl.Expr:
    import polars as pl

    text = pl.col(name)
    return pl.when(text.str.contains(ERROR_VALUE)).then(pl.lit("")).otherwise(text)


def _required_and_allowed(kind: RosterKind, frame: pl.DataFrame) -> list[Finding]:
    """Blank required cells and values outside a column's list: one select marks every cell
    (polars runs the columns in parallel), and only the rows with a mark are read."""
    import polars as pl

    tests: dict[str, pl.Expr] = {}
    for column in ROSTER_COLUMNS[kind]:
        text = pl.col(column.name)
        if column.required:
            tests["_blank_" + column.name] = text == ""
        if column.allowed:
            tests["_other_" + column.name] = ~text.is_in([*column.allowed, ""])
    if not tests:
        return []
    marked = frame.with_columns(test.alias(name) for name, test in tests.items())
    marked = marked.filter(pl.any_horizontal(pl.col(name) for name in tests))
    findings: list[Finding] = []
    for row in marked.iter_rows(named=True):
        for column in ROSTER_COLUMNS[kind]:
            if column.required and row["_blank_" + column.name]:
                findings.append((row[ROW], ProblemCode.REQUIRED_MISSING, column.name, "", {}))
            if column.allowed and row["_other_" + column.name]:
                allowed: dict[str, object] = {"allowed": "/".join(column.allowed)}
                value = row[column.name]
                findings.append((row[ROW], ProblemCode.VALUE_NOT_ALLOWED, column.name, value, allowed))
    return findings


def _organisation_code_findings(frame: pl.DataFrame, applicant: OrganisationCode | None) -> list[Finding]:
    """Each distinct code is parsed once; rows are visited only when some code needs reporting."""
    import polars as pl

    reasons: dict[str, str] = {}
    others: set[str] = set()
    for text in frame.get_column(SI_CODE.name).unique().to_list():
        if not text:
            continue
        try:
            code = parse_organisation_code(text)
        except InvalidIdentifier as exc:
            reasons[text] = exc.reason
            continue
        if applicant is not None and code.org_code != applicant.org_code:
            others.add(text)
    if not reasons and not others:
        return []
    findings: list[Finding] = []
    code_column = pl.col(SI_CODE.name)
    rows = frame.filter(code_column.is_in([*reasons, *others])).select(ROW, SI_CODE.name, SI_OWN_ACCOUNT.name)
    for row, text, own in rows.iter_rows():
        if text in reasons:
            findings.append(
                (row, ProblemCode.ORG_CODE_INVALID, SI_CODE.name, text, {"detail": reasons[text]})
            )
        elif own == "是":
            findings.append((row, ProblemCode.SOCIAL_INSURANCE_OTHER_ORGANISATION, SI_CODE.name, text, {}))
    return findings


def _dates(frame: pl.DataFrame, reference_date: date) -> tuple[pl.DataFrame, list[Finding]]:
    """Dates are parsed once per distinct text; the employment rules and tenure over whole columns."""
    import polars as pl

    findings: list[Finding] = []
    reference = reference_date.toordinal()
    ordinal_columns = []
    for column in (HIRE_DATE, LEAVE_DATE):
        distinct = {
            text: parse_date(text) for text in frame.get_column(column.name).unique().to_list() if text
        }
        invalid = [text for text, day in distinct.items() if day is None]
        late = [text for text, day in distinct.items() if day is not None and day > reference_date]
        text = pl.col(column.name)
        for row, value in frame.filter(text.is_in(invalid)).select(ROW, column.name).iter_rows():
            findings.append((row, ProblemCode.DATE_INVALID, column.name, value, {}))
        after: dict[str, object] = {"reference": reference_date.isoformat()}
        for row, value in frame.filter(text.is_in(late)).select(ROW, column.name).iter_rows():
            findings.append((row, ProblemCode.DATE_AFTER_REFERENCE, column.name, value, after))
        valid = {text: day for text, day in distinct.items() if day is not None}
        rewrite = {text: day.isoformat() for text, day in valid.items() if day.isoformat() != text}
        if rewrite:
            frame = frame.with_columns(text.replace(list(rewrite), list(rewrite.values())))
        # Looked up by the text as rewritten: 2016/3/1 and 2016-03-01 are one key.
        ordinals = {day.isoformat(): day.toordinal() for day in valid.values()}
        ordinal_columns.append(
            text.replace_strict(
                list(ordinals), list(ordinals.values()), default=None, return_dtype=pl.Int64
            ).alias("_" + column.name)
        )
    frame = frame.with_columns(ordinal_columns)
    findings += _employment_findings(frame)
    frame, tenure_findings = _tenure(frame, reference)
    return frame.drop("_" + HIRE_DATE.name, "_" + LEAVE_DATE.name), findings + tenure_findings


def _employment_findings(frame: pl.DataFrame) -> list[Finding]:
    """离职日期 is required when 是否在职 is 否 and must be blank when it is 是."""
    import polars as pl

    findings: list[Finding] = []
    status, leave = pl.col(EMPLOYED.name), pl.col(LEAVE_DATE.name)
    mismatched = frame.filter((status == "否") != (leave != "")).select(ROW, EMPLOYED.name, LEAVE_DATE.name)
    for row, employed, left in mismatched.iter_rows():
        if employed == "否":
            findings.append((row, ProblemCode.LEAVE_DATE_MISSING, LEAVE_DATE.name, "", {}))
        elif employed == "是":
            findings.append((row, ProblemCode.LEAVE_DATE_UNEXPECTED, LEAVE_DATE.name, left, {}))
    return findings


def _tenure(frame: pl.DataFrame, reference: int) -> tuple[pl.DataFrame, list[Finding]]:
    """Days from 入职日期 to 离职日期 (or to the reference date while still employed), not counting both ends."""
    import polars as pl

    hired, left = pl.col("_" + HIRE_DATE.name), pl.col("_" + LEAVE_DATE.name)
    days = (
        pl.when(hired.is_null() | (hired > reference))
        .then(None)
        .when(left.is_not_null() & (pl.col(EMPLOYED.name) != "是"))
        .then(left - hired)
        .otherwise(reference - hired)
    )
    late_leave = left.is_not_null() & (left > reference)
    frame = frame.with_columns(days.alias(TENURE_DAYS), late_leave.alias("_late_leave"))
    findings: list[Finding] = []
    invalid = (pl.col(TENURE_DAYS) < 0).fill_null(False) | pl.col("_late_leave")
    bad = frame.filter(invalid).select(ROW, LEAVE_DATE.name, "_" + HIRE_DATE.name, "_late_leave")
    for row, leave_text, hired_ordinal, is_late in bad.iter_rows():
        if not is_late and hired_ordinal is not None:
            detail = date.fromordinal(hired_ordinal).isoformat()
            findings.append(
                (row, ProblemCode.LEAVE_BEFORE_HIRE, LEAVE_DATE.name, leave_text, {"detail": detail})
            )
    frame = frame.with_columns(pl.when(invalid).then(None).otherwise(pl.col(TENURE_DAYS)).alias(TENURE_DAYS))
    findings += _tenure_text_findings(frame)
    return frame.drop("_late_leave"), findings


def _tenure_text_findings(frame: pl.DataFrame) -> list[Finding]:
    """A filled 在职时长（天） must be a whole number; one differing from the computed days is a warning."""
    import polars as pl

    text = pl.col(TENURE.name)
    filled = frame.filter(text != "").select(ROW, TENURE.name, TENURE_DAYS)
    if filled.is_empty():
        return []
    stated = pl.col(TENURE.name).str.to_integer(strict=False)
    odd = filled.filter(stated.is_null()).get_column(TENURE.name).unique().to_list()
    whole = {value: _clamped(_whole_number(value)) for value in odd}
    if whole:
        stated = stated.fill_null(
            text.replace_strict(list(whole), list(whole.values()), default=None, return_dtype=pl.Int64)
        )
    findings: list[Finding] = []
    wrong = filled.with_columns(stated.alias("_stated")).filter(
        pl.col("_stated").is_null()
        | (pl.col(TENURE_DAYS).is_not_null() & (pl.col("_stated") != pl.col(TENURE_DAYS)))
    )
    for row, value, days, number in wrong.iter_rows():
        if number is None:
            findings.append((row, ProblemCode.TENURE_NOT_A_NUMBER, TENURE.name, value, {}))
        else:
            findings.append((row, ProblemCode.TENURE_MISMATCH, TENURE.name, value, {"expected": days}))
    return findings


def _clamped(days: int | None) -> int | None:
    """A count of days beyond 64 bits still differs from the computed one: kept within them."""
    return None if days is None else max(-MAX_DAYS, min(MAX_DAYS, days))


def _whole_number(text: str) -> int | None:
    cleaned = text.removesuffix("天").strip()
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return int(value) if value.is_integer() else None
