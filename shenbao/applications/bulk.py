"""Writing a whole roster at once: one prepared statement (SQLite) or COPY (PostgreSQL).

``RosterRow.objects.bulk_create`` of 100,000 rows took 12 s: the model objects (and the
garbage collector walking them) and Django compiling every field of every row into SQL.
Here the rows are plain NewRow objects, each field is converted the way the model field
would convert it (the JSON fields to their JSON text, a datetime on SQLite to its stored
text), and the database driver gets the tuples: ``executemany`` of one INSERT on SQLite,
psycopg 3's ``COPY … FROM STDIN`` on PostgreSQL. tests/applications/test_bulk_rows.py
checks that a row written here reads back field for field as the model path writes it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from operator import attrgetter
from typing import Any

from django.conf import settings
from django.db import connection, models

from shenbao.applications.models import RosterRow
from shenbao.applications.rows import NewRow
from shenbao.domain import json_text

Convert = Callable[[object], object]


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while a whole roster is checked, prepared and stored.

    Those steps make millions of objects that hold no reference cycles; every 700 new objects
    the collector walks the young ones, and every so often all of them: ≈1.5 s of a 100,000-row
    upload (bench/README.md, issue 14). Reference counting still frees what goes out of use,
    and the collector runs again as before once the roster is stored (or the check failed).
    """
    if not gc.isenabled():  # a caller already paused it
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _fields() -> list[models.Field[object, object]]:
    return [field for field in RosterRow._meta.concrete_fields if not field.primary_key]


def _converter(field: models.Field[object, object]) -> Convert | None:
    """How the model field would turn a value into what the driver gets; None when it passes as is."""
    if isinstance(field, models.JSONField):
        # Django's JSONField writes json.dumps(value, cls=encoder); RosterRow's have no encoder.
        # json_text gives the same text (the partial indexes compare it with '[]'), faster.
        assert field.encoder is None, field
        return json_text.dumps
    if isinstance(field, models.DateTimeField) and connection.vendor == "sqlite":
        adapt = connection.ops.adapt_datetimefield_value
        return lambda value: None if value is None else adapt(value)  # type: ignore[arg-type]
    return None


def insert_rows(application_id: int, rows: Sequence[NewRow]) -> None:
    """Store ``rows`` as the application's roster rows, in the caller's transaction."""
    fields = _fields()
    names = [field.attname for field in fields]
    # application_id comes from the argument, everything else from the row.
    pick = attrgetter(*[name for name in names if name != "application_id"])
    at = names.index("application_id")
    conversions = [
        (index, convert) for index, field in enumerate(fields) if (convert := _converter(field)) is not None
    ]

    def record(row: NewRow) -> list[Any]:
        values = list(pick(row))
        values.insert(at, application_id)
        for index, convert in conversions:
            values[index] = convert(values[index])
        return values

    quote = connection.ops.quote_name
    table = quote(str(RosterRow._meta.db_table))
    columns = ", ".join(quote(str(field.column)) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(record(row))
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            records = [record(row) for row in rows]
            with _sqlite_page_cache(cursor):
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", records)


# SQLite's page cache while a roster is inserted, in KiB. With the default 2 MiB the new rows'
# table and index pages are written out to the WAL and read back while the transaction runs:
# 100,000 rows took 1.80–1.83 s CPU with it and 1.41–1.44 s with 64 MiB (bench/README.md, issue 14).
BULK_PAGE_CACHE_KIB = 64 * 1024


@contextmanager
def _sqlite_page_cache(cursor: Any) -> Iterator[None]:
    """A larger page cache for this connection during the insert, the one it had afterwards."""
    cursor.execute("PRAGMA cache_size")
    (before,) = cursor.fetchone()
    cursor.execute(f"PRAGMA cache_size = {-BULK_PAGE_CACHE_KIB}")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {int(before)}")


def refresh_statistics(rows: int) -> None:
    """PostgreSQL: after a large import, what autovacuum would do about a minute later, at once.

    Until then the planner knows nothing of the new rows, and the comparison of a resubmission made
    right after an upload (changes.py) took 192 s instead of 2.5 s (bench/pages.py, 100,000 rows,
    issue 14). ANALYZE alone left the roster pages at 118–319 ms in that minute: their index-only
    scans also need the visibility map, which only VACUUM writes (bench/README.md, "Roster pages").
    The VACUUM skips the pages already all-visible, and PostgreSQL itself skips the pass over the
    indexes when few pages hold dead rows (INDEX_CLEANUP AUTO). Imports below
    SHENBAO_VACUUM_AFTER_ROWS change the statistics too little to be worth a VACUUM each. VACUUM
    runs only in autocommit, outside any transaction (a caller's, a test's): else ANALYZE does what it can.
    """
    if connection.vendor != "postgresql" or rows < settings.SHENBAO_VACUUM_AFTER_ROWS:
        return
    table = connection.ops.quote_name(str(RosterRow._meta.db_table))
    vacuum = "VACUUM (ANALYZE)" if connection.get_autocommit() else "ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(f"{vacuum} {table}")
