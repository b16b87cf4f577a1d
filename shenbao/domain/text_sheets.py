"""Sheets read straight into text columns: fastexcel (calamine, in Rust) to a polars DataFrame.

This is the fast way in for .xlsx/.xlsm rosters: no Python object per cell. Every cell
arrives as text; date and time cells are then written the way ``roster.cell_text`` writes
them, so a roster reads the same whichever way it came in. Numbers too long to keep their
digits would arrive as plain digits here, and TRUE as "true": sheets.py reads a sheet
holding such cells with python-calamine's cell types instead (see sheet_scan).
"""

from __future__ import annotations

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


def cell_texts(column: pl.Series) -> pl.Series:
    """A column of cell text written the way roster.cell_text writes cells: stripped, never null.

    The rewrites of a few cell types run only when some cell needs them.
    """
    if column.null_count():
        column = column.fill_null("")
    column = column.str.strip_chars()  # cheaper than finding out whether any cell needs it
    # A time cell (a date cell holding less than one day, 0 included) arrives as that time on
    # 1899-12-31; cell_text writes the time alone, which no roster date column accepts.
    if column.str.starts_with("1899-12-31 ").any():
        column = column.str.replace(r"^1899-12-31 (\d{2}:\d{2}:\d{2})$", "${1}")
    # A date cell arrives as "2016-03-01 00:00:00"; cell_text writes it as the date alone.
    if column.str.ends_with(" 00:00:00").any():
        column = column.str.replace(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", "${1}")
    return column
