"""A submission's copy of the roster, made inside the database (issue 14).

Submitting a 100,000-row roster used to build 100,000 model objects in Python, each digested
again (13.4 s of a 14.4 s POST). Here the copy is one ``INSERT … SELECT`` and the digest the one
the roster row already stores; changes.py compares the roster with such a copy in one pass over plain tuples.

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


def latest_submission(application: Application) -> int | None:
    return application.submitted_rows.order_by("-submission").values_list("submission", flat=True).first()


def snapshot_submission(application: Application) -> int:
    """Keep the roster as submitted now; returns the new submission's number.

    The one before it is kept for the reviewer's comparison; older ones are deleted by the worker
    (a 100,000-row delete is a second of the request on SQLite). Until then nothing reads them:
    every reader asks for the latest submission or the one before it.
    """
    from shenbao.applications.tasks import drop_earlier_submissions

    number = (latest_submission(application) or 0) + 1
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
    if number > 2:  # in this transaction: with the database task backend both commit together
        drop_earlier_submissions.enqueue(application.pk)
    return number


def drop_earlier_submissions(application_id: int) -> int:
    """Delete the submissions before the latest two; how many rows."""
    kept = SubmittedRow.objects.filter(application_id=application_id)
    latest = kept.order_by("-submission").values_list("submission", flat=True).first()
    if latest is None:
        return 0
    deleted, _ = kept.filter(submission__lt=latest - 1).delete()
    return deleted


def insert_select(model: type[models.Model], fields: Sequence[str], select: QuerySet[Any]) -> int:
    """``INSERT INTO model (fields) <select>``: the rows go from table to table inside the database."""
    sql, params = select.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"{insert_into(model, fields)} {sql}", params)
        return int(cursor.rowcount)


def insert_into(model: type[models.Model], fields: Sequence[str]) -> str:
    """``INSERT INTO table (columns)``, names from ``_meta`` quoted for this database."""
    return f"INSERT INTO {table_and_columns(model, fields)}"


def table_and_columns(model: type[models.Model], fields: Sequence[str]) -> str:
    """``table (column, …)`` of ``fields``, quoted for this database (INSERT INTO, COPY)."""
    quote = connection.ops.quote_name
    columns = []
    for name in fields:
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field)
        columns.append(quote(field.column or name))
    return f"{quote(model._meta.db_table)} ({', '.join(columns)})"
