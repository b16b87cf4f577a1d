"""A submission's copy of the roster, made inside the database (issue 14).

Submitting a 100,000-row roster used to build 100,000 model objects in Python (13.4 s of a 14.4 s
POST). Here the copy is one ``INSERT … SELECT``, with the submitted digest taken from the digest
the roster row already stores; changes.py compares two such copies with joins.

Django's ORM cannot write ``INSERT … SELECT``: the SELECT is built by the ORM (its quoting, its
parameters, the same query on SQLite and PostgreSQL) and only the ``INSERT INTO table (columns)``
in front of it is written here, with names from ``_meta`` quoted by the connection.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, models
from django.db.models import CharField, F, Func, QuerySet, Value
from django.db.models.functions import Concat

from shenbao.applications.models import Application, RosterRow, SubmittedRow
from shenbao.domain.person_review import row_digest


def submitted_digest(values: Mapping[str, str], id_hash: str) -> str:
    """What a submitted row was: its values (their row digest) and its person, so a change shows.

    The SQL copy takes the same from what the roster row stores (``digest`` is ``row_digest(values)``):
    ``sha256(digest || id_hash)`` in hex, see ``_submitted_digest_sql``.
    """
    return hashlib.sha256((row_digest(values) + id_hash).encode()).hexdigest()


class Sha256Hex(Func):
    """sha256 of a text, lowercase hex, as Python's ``hexdigest``.

    SQLite: the SHA256 function Django registers on each of its connections. PostgreSQL: the
    built-in ``sha256(bytea)``; Django's own SHA256 there needs the pgcrypto extension.
    """

    function = "SHA256"
    output_field = CharField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "ENCODE(SHA256(CONVERT_TO(%(expressions)s, 'UTF8')), 'hex')"
        return self.as_sql(compiler, connection, template=template, **extra)


def _submitted_digest_sql() -> Sha256Hex:
    return Sha256Hex(Concat(F("digest"), F("id_hash"), output_field=CharField()))


SNAPSHOT_FIELDS = ("application", "submission", "id_hash", "id_masked", "number", "name", "digest", "values")


def snapshot_submission(application: Application) -> int:
    """Keep the roster as submitted now, and the one submitted before it (for the reviewer's
    comparison); returns the new submission's number."""
    last = application.submitted_rows.order_by("-submission").values_list("submission", flat=True).first()
    number = (last or 0) + 1
    application.submitted_rows.filter(submission__lt=number - 1).delete()
    rows = RosterRow.objects.filter(application=application).order_by("number")
    _fill_missing_digests(rows)
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
            _submitted_digest_sql(),
            "values",
        ),
    )
    return number


def _fill_missing_digests(rows: QuerySet[RosterRow]) -> None:
    """The import and the edits store each row's digest; a row written without one (by hand, or
    by a test) gets it here, so the copy's digest still says what the row holds."""
    missing = [
        RosterRow(pk=pk, digest=row_digest(values))
        for pk, values in rows.filter(digest="").values_list("pk", "values")
    ]
    RosterRow.objects.bulk_update(missing, ["digest"], batch_size=500)


def insert_select(model: type[models.Model], fields: Sequence[str], select: QuerySet[Any]) -> int:
    """``INSERT INTO model (fields) <select>``: the rows go from table to table inside the database."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    sql, params = select.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) {sql}", params)
        return int(cursor.rowcount)
