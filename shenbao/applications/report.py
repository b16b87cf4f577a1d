"""The annotated copy of a stored roster, rebuilt from the rows as they stand now (IDs decrypted)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO, Any

import polars as pl

from shenbao.applications.columns import CHUNK, stored_rows
from shenbao.applications.models import Application
from shenbao.domain import roster
from shenbao.domain.annotated_copy import PROBLEMS, write_annotated
from shenbao.domain.problem_text import StoredWords
from shenbao.domain.roster_columns import ROW


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
    columns: dict[str, list[Any]] = {name: [] for name in [ROW, *names]}
    found: list[tuple[int, str, bool, str]] = []
    # The annotated copy is the official file: its notes are in Chinese whatever the page's language.
    words = StoredWords("zh")
    for row in stored_rows(application, names, full_ids=True, problems=True):
        columns[ROW].append(row.number)
        for name, text in zip(names, row.texts, strict=True):
            columns[name].append(text)
        found += [
            (row.number, str(p.get("column") or ""), p.get("severity") == "error", words(p))
            for p in row.problems
        ]
        if len(columns[ROW]) == CHUNK:
            yield _table(columns), found
            columns = {name: [] for name in columns}
            found = []
    if columns[ROW]:
        yield _table(columns), found


def _table(columns: dict[str, list[Any]]) -> pl.DataFrame:
    return pl.DataFrame(columns, schema={ROW: pl.Int64, **dict.fromkeys(list(columns)[1:], pl.String)})
