"""The annotated copy of a stored roster, rebuilt from the rows as they stand now (IDs decrypted)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO, Any

import polars as pl

from shenbao.applications.bulk import collection_paused
from shenbao.applications.columns import CHUNK, stored_rows
from shenbao.applications.models import Application
from shenbao.domain import roster
from shenbao.domain.annotated_copy import PROBLEMS, write_annotated
from shenbao.domain.problem_text import StoredWords
from shenbao.domain.roster_columns import ROW


# The rows, their problems and the sheet's parts are millions of objects without cycles (bulk.py).
@collection_paused()
def write_stored_report(
    target: IO[bytes], application: Application, *, progress: Callable[[int, int], None] | None = None
) -> None:
    """The annotated copy of the stored roster, with the problems as stored (online edits included).

    ``progress(rows read, rows)`` is called after each chunk; writing the file afterwards is quick.
    """
    kind = roster.RosterKind(application.kind)
    names = [column.name for column in roster.ROSTER_COLUMNS[kind]]
    tables: list[pl.DataFrame] = []
    problems: list[tuple[int, str, bool, str]] = []
    for table, found in _chunks(application, names):
        tables.append(table)
        problems += found
        if progress is not None:
            progress(sum(t.height for t in tables), application.persons)
    table = (
        pl.concat(tables)
        if tables
        else pl.DataFrame(schema={ROW: pl.Int64, **dict.fromkeys(names, pl.String)})
    )
    first = table.get_column(ROW).min() if table.height else None
    write_annotated(
        target,
        kind,
        header_row=max(int(str(first)) - 1, 1) if first is not None else 1,
        table=table,
        problems=pl.DataFrame(problems, schema=PROBLEMS, orient="row"),
        file_notes=[],
    )


def _chunks(
    application: Application, names: list[str]
) -> Iterator[tuple[pl.DataFrame, list[tuple[int, str, bool, str]]]]:
    """The rows as polars tables of CHUNK rows, with their stored problems as PROBLEMS tuples."""
    # A tuple per row, turned into columns per chunk (zip): not 14 list appends per row.
    rows: list[tuple[Any, ...]] = []
    found: list[tuple[int, str, bool, str]] = []
    # The annotated copy is the official file: its notes are in Chinese whatever the page's language.
    words = StoredWords("zh")
    for row in stored_rows(application, names, full_ids=True, problems=True):
        rows.append((row.number, *row.texts))
        found += [
            (row.number, str(p.get("column") or ""), p.get("severity") == "error", words(p))
            for p in row.problems
        ]
        if len(rows) == CHUNK:
            yield _table(names, rows), found
            rows, found = [], []
    if rows:
        yield _table(names, rows), found


def _table(names: list[str], rows: list[tuple[Any, ...]]) -> pl.DataFrame:
    columns = dict(zip([ROW, *names], map(list, zip(*rows, strict=True)), strict=True))
    return pl.DataFrame(columns, schema={ROW: pl.Int64, **dict.fromkeys(names, pl.String)})
