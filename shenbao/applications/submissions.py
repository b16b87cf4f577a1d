"""A submission's copy of the roster, made inside the database (issue 14).

Submitting a 100,000-row roster used to build 100,000 model objects in Python, each digested
again (13.4 s of a 14.4 s POST). Here the copy is one ``INSERT … SELECT`` and the digest the one
the roster row already stores; changes.py compares two such copies with joins.

Django's ORM cannot write ``INSERT … SELECT``: the SELECT is built by the ORM (its quoting, its
parameters, the same query on SQLite and PostgreSQL) and only the ``INSERT INTO table (columns)``
in front of it is written here, with names from ``_meta`` quoted by the connection.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, models
from django.db.models import QuerySet, Value

from shenbao.applications.models import Application, RosterRow, SubmittedRow
from shenbao.domain.person_review import row_digest


def submitted_digest(values: Mapping[str, str]) -> str:
    """What a submitted row said: the digest its roster row stores (``row_digest(values)``), copied
    as it is. The person is the row's look-up key, matched on its own, so a new look-up key
    changes no digest (operations/rehash.py moves only the key)."""
    return row_digest(values)


SNAPSHOT_FIELDS = ("application", "submission", "id_hash", "id_masked", "number", "name", "digest", "values")


def snapshot_submission(application: Application) -> int:
    """Keep the roster as submitted now, and the one submitted before it (for the reviewer's
    comparison); returns the new submission's number."""
    last = application.submitted_rows.order_by("-submission").values_list("submission", flat=True).first()
    number = (last or 0) + 1
    application.submitted_rows.filter(submission__lt=number - 1).delete()
    rows = RosterRow.objects.filter(application=application).order_by("number")
    insert_select(
        SubmittedRow,
        SNAPSHOT_FIELDS,
        rows.values_list(
            "application_id",
            Value(number),
            "id_hash",
            "id_masked",
            "number",
            "name",
            "digest",
            "values",
        ),
    )
    return number


def insert_select(model: type[models.Model], fields: Sequence[str], select: QuerySet[Any]) -> int:
    """``INSERT INTO model (fields) <select>``: the rows go from table to table inside the database."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    sql, params = select.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) {sql}", params)
        return int(cursor.rowcount)
