"""The annotated copy of a checked roster: the applicant's rows with every problem highlighted and explained.

Streamed through xlsx_stream a block of rows at a time: the rows come as a polars table,
the problems as a table too (PROBLEMS), so nothing is built per cell in Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO

import polars as pl

from shenbao.domain.cells import neutralise
from shenbao.domain.problems import NOT_A_PERSON, Problem, Severity
from shenbao.domain.roster import RosterResult
from shenbao.domain.roster_columns import ROSTER_COLUMNS, ROW, RosterKind
from shenbao.domain.xlsx_stream import SheetColumn, StreamingBook, Style

NOTE_COLUMN = "问题说明"
# The problems of data rows, one per line, in the order found.
PROBLEMS = {"row": pl.Int64, "column": pl.String, "error": pl.Boolean, "message": pl.String}
_STYLE = "\x00style"  # suffix of the per-cell style columns added to the table
_NOTE = "\x00note"


def write_report(target: str | Path | IO[bytes], result: RosterResult) -> None:
    """The annotated copy of a check's result (file problems only, when the file was unusable)."""
    # Rows that are not persons are not in the copy: their warnings are listed with the file's.
    file_notes = [p.message for p in result.problems if p.row is None or p.code in NOT_A_PERSON]
    header_number = result.header_row or 1
    if result.kind is None or result.table is None or not result.row_count and not result.present:
        write_annotated(
            target, None, header_row=header_number, table=None, problems=None, file_notes=file_notes
        )
        return
    write_annotated(
        target,
        result.kind,
        header_row=header_number,
        table=result.table.select(ROW, *result.present),
        problems=problem_table(result.problems, header_number),
        file_notes=file_notes,
    )


def problem_table(problems: Sequence[Problem], header_row: int) -> pl.DataFrame:
    """The problems of data rows (below ``header_row``) as a PROBLEMS table."""
    rows = [
        (p.row, p.column or "", p.severity is Severity.ERROR, p.message)
        for p in problems
        if p.row is not None and p.row > header_row and p.code not in NOT_A_PERSON
    ]
    return pl.DataFrame(rows, schema=PROBLEMS, orient="row")


def write_annotated(
    target: str | Path | IO[bytes],
    kind: RosterKind | None,
    *,
    header_row: int,
    table: pl.DataFrame | None,
    problems: pl.DataFrame | None,
    file_notes: Sequence[str],
) -> None:
    """Rows (ROW and the columns present, as text) at their original row numbers; every problem
    cell highlighted with a comment, 问题说明 summing up each row. Without a table: the file notes."""
    book = StreamingBook(target)
    try:
        if kind is None or table is None or problems is None:
            with book.sheet("检查结果", widths=[80]) as sheet:
                sheet.row(1, [(0, "文件无法作为花名册使用：", Style.BOLD)])
                for number, note in enumerate(file_notes, start=2):
                    sheet.row(number, [(0, neutralise(note), Style.PLAIN)])
            return
        _write_rows(book, kind, header_row, table, problems)
        if file_notes:
            with book.sheet("文件提醒", widths=[80]) as sheet:
                for number, note in enumerate(file_notes, start=1):
                    sheet.row(number, [(0, neutralise(note), Style.PLAIN)])
    finally:
        book.close()


def _write_rows(
    book: StreamingBook, kind: RosterKind, header_row: int, table: pl.DataFrame, problems: pl.DataFrame
) -> None:
    columns = [c for c in ROSTER_COLUMNS[kind] if c.name in table.columns]
    names = [c.name for c in columns]
    widths = [22.0 if column.is_text_code else 14.0 for column in columns] + [80.0]
    with book.sheet("检查结果", widths=widths) as sheet:
        header = [(col, column.header, Style.HEADER) for col, column in enumerate(columns)]
        sheet.row(header_row, [*header, (len(columns), NOTE_COLUMN, Style.HEADER)])
        cells = problems.filter(pl.col("column").is_in(names)).group_by(
            ["row", "column"], maintain_order=True
        )
        for number, name, text in cells.agg(pl.col("message").str.join("\n")).iter_rows():
            sheet.comment(number, names.index(name), neutralise(text))
        sheet_columns = [SheetColumn(name, f"{name}{_STYLE}") for name in names] + [SheetColumn(_NOTE)]
        sheet.rows(_annotated_table(table, problems, names), number=ROW, columns=sheet_columns)


def _annotated_table(table: pl.DataFrame, problems: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """The roster with, per column, the style its problems give each cell, and 问题说明 per row."""
    styles = (
        problems.filter(pl.col("column").is_in(names))
        .group_by(["row", "column"])
        .agg(
            pl.when(pl.col("error").any()).then(int(Style.ERROR)).otherwise(int(Style.WARNING)).alias("style")
        )
        .with_columns(pl.col("column") + _STYLE, pl.col("style").cast(pl.Int8))
        .pivot(on="column", index="row", values="style")
    )
    notes = problems.group_by("row", maintain_order=True).agg(pl.col("message").str.join("；").alias(_NOTE))
    missing = [f"{name}{_STYLE}" for name in names if f"{name}{_STYLE}" not in styles.columns]
    return (
        table.join(notes, left_on=ROW, right_on="row", how="left", maintain_order="left")
        .join(styles, left_on=ROW, right_on="row", how="left", maintain_order="left")
        .with_columns(pl.lit(None, pl.Int8).alias(name) for name in missing)
    )
