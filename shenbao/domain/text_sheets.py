"""Sheets read straight into text columns: fastexcel (calamine, in Rust) to a polars DataFrame.

This is the fast way in for .xlsx/.xlsm rosters: no Python object per cell. Every cell
arrives as text; date and time cells are then written the way ``roster.cell_text`` writes
them, so a roster reads the same whichever way it came in. Numbers too long to keep their
digits would arrive as plain digits here, and TRUE as "true": sheets.py reads a sheet
holding such cells with python-calamine's cell types instead (see sheet_scan).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from shenbao.domain.problems import ProblemCode
from shenbao.domain.sheet_limits import HEADER_ALLOWANCE, Limits, UnreadableFile, unreadable
from shenbao.domain.sheets import Sheet

if TYPE_CHECKING:
    import polars as pl


def open_text_reader(path: Path) -> object:
    import fastexcel

    try:
        return fastexcel.read_excel(str(path))
    # fastexcel raises its own types for corrupt files, and pyo3 turns a panic in Rust into
    # PanicException, which is not an Exception: a hostile file must not end in a traceback.
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        raise unreadable(exc, "无法打开工作簿") from None


def load_text_sheet(
    reader: object, index: int, name: str, limits: Limits, *, meanwhile: Callable[[], bool]
) -> tuple[Sheet, bool]:
    """The sheet as text columns (row i is spreadsheet row i + 1; the first rows also as lists),
    and what ``meanwhile`` said, run while fastexcel loads the sheet."""
    import threading

    loaded: list[object] = []
    # fastexcel loads outside the GIL: importing polars and ``meanwhile`` cost nothing.
    loading = threading.Thread(target=_load_into, args=(reader, index, loaded))
    loading.start()
    try:
        import polars as pl

        said = meanwhile()
    finally:
        loading.join()
    if isinstance(loaded[0], UnreadableFile):
        raise loaded[0]
    frame = loaded[0]
    assert isinstance(frame, pl.DataFrame)
    if frame.width == 0:
        return Sheet(name), said
    if frame.height > limits.max_rows + HEADER_ALLOWANCE:
        raise UnreadableFile(
            ProblemCode.FILE_TOO_MANY_ROWS, detail=f"共 {frame.height} 行", limit=limits.max_rows
        )
    if frame.width > limits.max_columns:
        raise UnreadableFile(
            ProblemCode.FILE_TOO_MANY_COLUMNS, detail=f"共 {frame.width} 列", limit=limits.max_columns
        )
    head = [
        ["" if cell is None else cell for cell in row] for row in frame.head(HEADER_ALLOWANCE).iter_rows()
    ]
    return Sheet(name, head, frame), said


def _load_into(reader: object, index: int, loaded: list[object]) -> None:
    try:
        # skip_rows=0 keeps leading blank rows, so row numbers stay the spreadsheet's.
        sheet = reader.load_sheet(index, header_row=None, skip_rows=0, dtypes="string")  # type: ignore[attr-defined]
        loaded.append(sheet.to_polars())
    except BaseException as exc:  # see open_text_reader; in a thread, nothing else can handle it
        loaded.append(unreadable(exc, "工作表内容无法解析"))


def stripped_texts(columns: pl.DataFrame) -> list[pl.Expr]:
    """Each column's cells stripped and never null, as expressions for one select.

    A column is stripped only when some cell needs it, and filled only when it has blanks:
    every other column is passed on as it is, so memory holds one copy of the cells. Finding
    out costs about what stripping does; one select runs the columns in parallel.
    """
    import polars as pl

    names = columns.columns
    needs = columns.select((pl.col(name) != pl.col(name).str.strip_chars()).any() for name in names).row(0)
    texts = []
    for name, strip in zip(names, needs, strict=True):
        text = pl.col(name) if not columns.get_column(name).null_count() else pl.col(name).fill_null("")
        texts.append(text.str.strip_chars() if strip else text)
    return texts


# A time cell (a date cell holding less than one day, 0 included) arrives as that time on
# 1899-12-31; cell_text writes the time alone, which no roster date column accepts. A date
# cell arrives as "2016-03-01 00:00:00"; cell_text writes it as the date alone.
_TIME_CELL = re.compile(r"1899-12-31 (\d{2}:\d{2}:\d{2})")
_DATE_CELL = re.compile(r"(\d{4}-\d{2}-\d{2}) 00:00:00")


def date_texts(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` (its text columns stripped) with date and time cells written the way roster.cell_text writes them.

    Only the distinct values that may be such cells are rewritten, in Python, and only in the
    columns holding one: a regex over every cell of a date column costs ≈20 ms per 100,000 rows.
    """
    import polars as pl

    names = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not names:
        return frame
    maybe = [
        pl.col(name)
        .filter(pl.col(name).str.starts_with("1899-12-31 ") | pl.col(name).str.ends_with(" 00:00:00"))
        .unique()
        .implode()
        for name in names
    ]
    rewrites = {}
    for name, values in zip(names, frame.select(maybe).row(0), strict=True):
        written = {value: _date_text(value) for value in values}
        rewrite = {value: text for value, text in written.items() if text != value}
        if rewrite:
            rewrites[name] = rewrite
    if not rewrites:
        return frame
    return frame.with_columns(
        pl.col(name).replace(list(rewrite), list(rewrite.values())) for name, rewrite in rewrites.items()
    )


def _date_text(text: str) -> str:
    if time := _TIME_CELL.fullmatch(text):
        text = time[1]
    if day := _DATE_CELL.fullmatch(text):
        text = day[1]
    return text
