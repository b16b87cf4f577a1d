"""Set-based look-ups by person key: a temporary table of the keys concerned, joined through the id_hash indexes.

Plain SQL: one statement per step whatever the roster's size, answered from the ``id_hash``
indexes of the roster rows and the history. A temporary table is private to the connection
and created inside the refresh's transaction, so a failed refresh leaves none behind.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import connection
from django.db.backends.utils import CursorWrapper

from shenbao.applications.models import Application, RosterRow
from shenbao.calls.models import Call
from shenbao.crosschecks.models import CrossFinding, PastSupport

# Any 64-bit number no other part of shenbao uses for an advisory lock.
REFRESH_LOCK = 0x5348454E42414F01  # "SHENBAO" 01


def serialise_refreshes(cursor: CursorWrapper) -> None:
    """One cross-check refresh at a time, city-wide, until the caller's transaction ends.

    A refresh reads the claims on its persons, then replaces their findings. Two at once
    on PostgreSQL could each read the other's persons before the other committed, and the
    later commit would keep a finding the earlier one had just made stale (a withdrawal
    freeing a person, say). Waiting for the lock means reading after the other's commit.
    SQLite needs nothing: its write transactions begin IMMEDIATE and already run one at a time.
    """
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REFRESH_LOCK])


@contextmanager
def without_jit(cursor: CursorWrapper) -> Iterator[None]:
    """PostgreSQL's JIT off for the refresh, then as it was for the rest of the caller's transaction.

    A hundred thousand index look-ups are priced above jit_optimize_above_cost; compiling them
    took 0.3 s of a 1.3 s statement, and saves nothing on look-ups this short.
    """
    if connection.vendor != "postgresql":
        yield
        return
    cursor.execute("SELECT current_setting('jit')")
    (before,) = cursor.fetchone()
    cursor.execute("SELECT set_config('jit', 'off', true)")
    yield
    cursor.execute("SELECT set_config('jit', %s, true)", [before])


def keys_table() -> str:
    """The temporary table of person keys, schema-qualified so no permanent table can be meant."""
    return "pg_temp.crosscheck_keys" if connection.vendor == "postgresql" else "temp.crosscheck_keys"


def create_keys(cursor: CursorWrapper) -> None:
    """An empty table of person keys (dropped first in case a refresh earlier in this transaction left one)."""
    cursor.execute(f"DROP TABLE IF EXISTS {keys_table()}")
    drop = " ON COMMIT DROP" if connection.vendor == "postgresql" else ""
    cursor.execute(f"CREATE TEMPORARY TABLE {keys_table()} (id_hash varchar(64) PRIMARY KEY){drop}")


def load_keys(cursor: CursorWrapper, hashes: list[str]) -> None:
    _load(cursor, keys_table(), "id_hash", hashes)


def rows_table() -> str:
    """The temporary table of the keyed persons' row ids, whose stored findings are compared."""
    return "pg_temp.crosscheck_rows" if connection.vendor == "postgresql" else "temp.crosscheck_rows"


def load_rows(cursor: CursorWrapper, row_ids: list[int]) -> None:
    """The row ids the refresh read, in a table of their own (replacing any earlier one).

    The stored findings are then read by joining that table: an IN over the keyed-rows join
    let PostgreSQL plan, on a freshly emptied findings table, a nested loop that ran for minutes.
    """
    cursor.execute(f"DROP TABLE IF EXISTS {rows_table()}")
    drop = " ON COMMIT DROP" if connection.vendor == "postgresql" else ""
    cursor.execute(f"CREATE TEMPORARY TABLE {rows_table()} (id bigint PRIMARY KEY){drop}")
    _load(cursor, rows_table(), "id", row_ids)
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {rows_table()}")


def drop_tables(cursor: CursorWrapper) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {keys_table()}")
    cursor.execute(f"DROP TABLE IF EXISTS {rows_table()}")


def _load(cursor: CursorWrapper, table: str, column: str, values: Sequence[str | int]) -> None:
    if not values:
        return
    if connection.vendor == "postgresql":
        with cursor.copy(f"COPY {table} ({column}) FROM STDIN") as copy:
            for value in values:
                copy.write_row((value,))
    else:
        cursor.executemany(f"INSERT INTO {table} ({column}) VALUES (%s)", [(v,) for v in values])


def keyed_rows(table: str) -> str:
    """A FROM clause: the keys, then each key's rows of ``table`` (aliased ``r``) through its id_hash index.

    Left to itself, each database would rather scan the million rows once: SQLite has no
    statistics on a fresh temporary table (its CROSS JOIN keeps the written order); PostgreSQL
    prices a hash join over a full scan below some ten thousand index look-ups, though the
    look-ups take a fifth of the time (a LATERAL subquery with OFFSET 0 is not flattened into
    the join, so it stays one index look-up per key).
    """
    if connection.vendor == "postgresql":
        return (
            f"{keys_table()} k CROSS JOIN LATERAL "
            f"(SELECT * FROM {table} WHERE {table}.id_hash = k.id_hash OFFSET 0) r"
        )
    return f"{keys_table()} k CROSS JOIN {table} r ON r.id_hash = k.id_hash"


def own_keys_sql() -> list[str]:
    """Statements adding the application's shared person keys (each takes the application id for every %s).

    Shared: another row in the city has the key, or the history has it. A person twice in the
    roster itself also counts (a few keys more, no finding: the rules skip the same application);
    it spares grouping the roster's keys. Then the keys of rows elsewhere whose findings still
    name the application (persons it claimed before the new roster).
    """
    keys, rows = keys_table(), RosterRow._meta.db_table
    past, findings = PastSupport._meta.db_table, CrossFinding._meta.db_table
    return [
        f"INSERT INTO {keys} (id_hash) "
        f"SELECT r.id_hash FROM {rows} r WHERE r.application_id = %s AND r.id_hash <> '' "
        f"AND ((SELECT count(*) FROM {rows} o WHERE o.id_hash = r.id_hash) > 1 "
        f"OR EXISTS (SELECT 1 FROM {past} p WHERE p.id_hash = r.id_hash)) "
        "ON CONFLICT DO NOTHING",
        f"INSERT INTO {keys} (id_hash) "
        f"SELECT DISTINCT r.id_hash FROM {findings} f JOIN {rows} r ON r.id = f.row_id "
        "WHERE f.other_application_id = %s AND r.id_hash <> '' "
        "ON CONFLICT DO NOTHING",
    ]


def groups_sql() -> str:
    """Every row of the keyed persons as a claim (row, person key, application, call, year, kind,
    organisation, status, stored values of trainee rows); takes the trainee kind as its parameter."""
    rows = RosterRow._meta.db_table
    applications = Application._meta.db_table
    calls = Call._meta.db_table
    values = connection.ops.quote_name("values")
    return (
        "SELECT r.id, r.id_hash, r.application_id, a.call_id, c.year, a.kind, a.organisation_id, a.status, "
        f"CASE WHEN a.kind = %s THEN r.{values} END "
        f"FROM {keyed_rows(rows)} "
        f"JOIN {applications} a ON a.id = r.application_id JOIN {calls} c ON c.id = a.call_id"
    )


def past_sql() -> str:
    """The history's supports of the keyed persons."""
    return f"SELECT r.id, r.id_hash, r.year, r.kind FROM {keyed_rows(PastSupport._meta.db_table)}"
