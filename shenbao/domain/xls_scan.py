"""Checks made before an .xls is loaded: how far its cells reach, from its BIFF records.

calamine reads every sheet of an .xls when it opens the file and turns each into a dense grid
sized by its lowest and highest cell: one cell at IV65536 in a 6 KB file costs about 1 GB.
So the workbook stream (compound_file) is walked first, record by record, the way calamine
walks it: the workbook globals up to their EOF give each sheet's position (BoundSheet8), and
each sheet runs from there to the EOF of its own substream. Every record that places a cell
counts, with those calamine skips (blank cells, embedded charts' substreams) and those xlrd
reads (sheet_errors gives it the same stream), and the sheet's DIMENSIONS, for which calamine
reserves room in advance.

Hand-written because no library gives the cells' extent without loading the sheet: calamine
and xlrd both build the grid itself, and that is the allocation in question.
"""

from __future__ import annotations

import logging
import re
import struct
from collections.abc import Iterator

from shenbao.domain.problems import ProblemCode
from shenbao.domain.sheet_limits import HEADER_ALLOWANCE, Limits, UnreadableFile

log = logging.getLogger(__name__)

BOF, EOF, FILEPASS, BOUNDSHEET, DIMENSIONS, ROW = 0x0809, 0x000A, 0x002F, 0x0085, 0x0200, 0x0208
# Records holding one cell, its row and column in their first four bytes: LABELSST, LABEL,
# RSTRING, NUMBER, RK, BLANK, BOOLERR, FORMULA (BIFF8, 3 and 4), and the BIFF2 cells xlrd reads.
ONE_CELL = frozenset(
    {0x00FD, 0x0204, 0x00D6, 0x0203, 0x027E, 0x0201, 0x0205, 0x0006, 0x0206, 0x0406}
    | {0x0001, 0x0002, 0x0003, 0x0004, 0x0005}
)
# MULRK (6 bytes a cell) and MULBLANK (2 bytes a cell): row, first column, the cells, last column.
MANY_CELLS = {0x00BD: 6, 0x00BE: 2}
DAMAGED = "工作表记录已损坏"

# A run of LABELSST and RK records of their usual 10 bytes (most cells of a roster), matched
# in C from a record's start: each is 14 bytes, so the run's rows and columns sit at a stride.
_RUN = re.compile(rb"(?:(?:\xfd\x00|\x7e\x02)\x0a\x00.{10})+", re.DOTALL)
_HEAD = struct.Struct("<HHHH")  # record type, length, then a cell's row and column
_KIND = struct.Struct("<HH")


def damaged(reason: str) -> UnreadableFile:
    log.warning("xls records refused: %s", reason)
    return UnreadableFile(ProblemCode.FILE_UNREADABLE, detail=DAMAGED)


def scan_workbook_stream(stream: bytes, limits: Limits) -> None:
    """Refuse a workbook whose cells reach beyond the limits, before calamine builds their grid.

    Raises FILE_ENCRYPTED for an encrypted workbook (its cell records are ciphertext),
    FILE_TOO_MANY_COLUMNS / FILE_TOO_MANY_ROWS for a cell or dimension too far, and
    FILE_UNREADABLE for records calamine could not read either.
    """
    for rows, columns in sheet_extents(stream):
        if columns > limits.max_columns:
            from shenbao.domain.xlsx_stream import column_letter  # imports polars: only when refusing

            raise UnreadableFile(
                ProblemCode.FILE_TOO_MANY_COLUMNS,
                detail=f"用到了第 {column_letter(columns - 1)} 列",
                limit=limits.max_columns,
            )
        if rows > limits.max_rows + HEADER_ALLOWANCE:
            raise UnreadableFile(
                ProblemCode.FILE_TOO_MANY_ROWS, detail=f"用到了第 {rows} 行", limit=limits.max_rows
            )


def sheet_extents(stream: bytes) -> Iterator[tuple[int, int]]:
    """The last row and column (from 1) that each sheet's records reach, sheet by sheet."""
    walked = 0
    for position in _sheet_positions(stream):
        if position > len(stream):
            raise damaged(f"a sheet at byte {position} of a {len(stream)}-byte stream")
        rows, columns, walked_here = _sheet_extent(stream, position)
        # Sheets are consecutive substreams; sheets sharing records would be walked again and
        # again (each BoundSheet8 costs 12 bytes), so the walks together may not exceed the stream.
        walked += walked_here
        if walked > len(stream):
            raise damaged("sheets overlap")
        yield rows, columns


def _sheet_positions(stream: bytes) -> list[int]:
    """Where each sheet starts: BoundSheet8 records of the globals, up to their EOF."""
    # Every .xls workbook (BIFF5 and 8) starts with its BOF; xlrd, given the stream afterwards
    # (sheet_errors), would take one starting with a compound file's signature for a file.
    if stream[:2] != BOF.to_bytes(2, "little"):
        raise damaged("the workbook stream does not start with BOF")
    positions = []
    at, end = 0, len(stream)
    while at < end:
        if at + 4 > end:
            raise damaged("a record header cut short")
        kind, size = _KIND.unpack_from(stream, at)
        body = at + 4
        at = body + size
        if at > end:
            raise damaged(f"record 0x{kind:04X} runs past the stream")
        if kind == EOF:
            break
        if kind == FILEPASS:
            raise UnreadableFile(ProblemCode.FILE_ENCRYPTED)
        if kind == BOUNDSHEET:
            if size < 6:  # calamine reads its visibility and type bytes and panics
                raise damaged(f"BoundSheet8 of {size} bytes")
            positions.append(int.from_bytes(stream[body : body + 4], "little"))
    return positions


def _sheet_extent(stream: bytes, start: int) -> tuple[int, int, int]:
    """(last row, last column, bytes walked) of the sheet at ``start``, counted from 1.

    The walk ends at the EOF of the sheet's own substream: substreams nested in it (embedded
    charts) are counted, not followed out. The loop is the hot path of the scan (a million
    records in the largest .xls): one unpack per record, locals only, and runs of 14-byte cells
    (see _RUN) taken whole.
    """
    head, one_cell, many_cells, run_at = _HEAD.unpack_from, ONE_CELL, MANY_CELLS, _RUN.match
    view = memoryview(stream)
    last_row = last_column = depth = 0
    at, end = start, len(stream)
    while at + 8 <= end:
        kind, size, row, column = head(stream, at)
        if size == 10 and (kind == 0x00FD or kind == 0x027E) and (run := run_at(stream, at)):
            # The rows and columns of the whole run: halfwords 2 and 3 of every 7, read in C.
            halves = view[at : run.end()].cast("H")
            last_row = max(last_row, max(halves[2::7]) + 1)
            last_column = max(last_column, max(halves[3::7]) + 1)
            at = run.end()
            continue
        at += 4 + size
        if kind in one_cell:
            if size >= 4:
                if row >= last_row:
                    last_row = row + 1
                if column >= last_column:
                    last_column = column + 1
        elif kind in many_cells:
            if size >= 6:
                tail = int.from_bytes(stream[at - 2 : at], "little")
                count = (size - 6) // many_cells[kind]
                last_row = max(last_row, row + 1)
                last_column = max(last_column, tail + 1, column + count)
        elif kind == ROW:
            if size >= 2:
                last_row = max(last_row, row + 1)
        elif kind == DIMENSIONS:
            rows, columns = _dimensions(stream[at - size : at])
            last_row, last_column = max(last_row, rows), max(last_column, columns)
        elif kind == BOF:
            depth += 1
        elif kind == EOF:
            depth -= 1
            if depth <= 0:
                break
    else:
        _tail(stream, at)
    if at > end:
        raise damaged("a sheet record runs past the stream")
    return last_row, last_column, at - start


def _tail(stream: bytes, at: int) -> None:
    """The sheet ran to the stream's end without its EOF: what is left must be one whole short
    record (a cell needs 8 bytes) or nothing, as calamine's record reader requires."""
    left = len(stream) - at
    if left == 0:
        return
    if left < 4 or 4 + _KIND.unpack_from(stream, at)[1] != left:
        raise damaged("a sheet record cut short")


def _dimensions(body: bytes) -> tuple[int, int]:
    """The last row and column (from 1) a DIMENSIONS record declares, as calamine reads it.

    calamine reserves (last row − first row) × (last column − first column) cells for it, the
    row count wrapping round when the first is past the last (so a 4 GB row count, an abort).
    """
    if len(body) == 14:
        first_row, last_row, first_column, last_column = struct.unpack_from("<IIHH", body)
    elif len(body) == 10:
        first_row, last_row, first_column, last_column = struct.unpack_from("<HHHH", body)
    else:
        raise damaged(f"DIMENSIONS of {len(body)} bytes")
    if last_row >= 1 and last_column >= 1 and first_row >= last_row:
        raise damaged(f"DIMENSIONS rows {first_row}..{last_row}")
    return last_row, last_column
