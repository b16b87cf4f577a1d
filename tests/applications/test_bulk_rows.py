"""The bulk path (bulk.insert_rows) stores exactly what the model path (bulk_create of build_row) stored."""

from __future__ import annotations

import gc
from datetime import UTC, datetime

import pytest
from django.db import connection

from shenbao.applications import bulk
from shenbao.applications import rows as stored_rows
from shenbao.applications.models import RosterRow
from shenbao.domain.checked_roster import CheckedRow, check_roster
from shenbao.domain.idcard import is_comparable
from shenbao.domain.personal import mask, normalise_number
from shenbao.domain.roster import RosterRow as DomainRow
from shenbao.domain.roster_columns import RosterKind
from shenbao.personal_data import protector

pytestmark = pytest.mark.django_db


def _stored(application_id: int) -> list[dict[str, object]]:
    return [
        {k: v for k, v in row.items() if k not in ("id", "application_id")}
        for row in RosterRow.objects.filter(application_id=application_id).order_by("number").values()
    ]


def _json_text(application_id: int) -> list[tuple[object, ...]]:
    """The JSON columns as the database holds them (PostgreSQL's jsonb as its text output)."""
    cast = "::text" if connection.vendor == "postgresql" else ""
    columns = ", ".join(f'"{name}"{cast}' for name in ("values", "problems", "findings"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {RosterRow._meta.db_table} WHERE application_id = %s ORDER BY number",
            [application_id],
        )
        return list(cursor.fetchall())


def test_the_bulk_path_stores_every_field_as_the_model_path(application, call, employees, reviewer) -> None:  # type: ignore[no-untyped-def]
    data = employees(3, row2={"证件号码": "31010119900307OOOO"}, row3={"姓名": "　"})
    values = [{k: str(v) for k, v in row.items()} for row in data]
    checked = check_roster(
        [DomainRow(n + 2, v) for n, v in enumerate(values)],
        kind=RosterKind(application.kind),
        window=stored_rows.window_of(application),
        organisation_code=application.organisation.code,
    ).rows()
    assert any(row.problems for row in checked)  # the problems column is exercised
    models = [stored_rows.build_row(application, row) for row in checked]
    fast = [stored_rows.prepare_row(row) for row in checked]
    # A carried review (decided_by, decided_at) goes through the datetime conversion too.
    at = datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=UTC)
    for row in (models[0], fast[0]):
        row.decision, row.decided_by_id, row.decided_at = RosterRow.Decision.ELIGIBLE, reviewer.pk, at
    # The ciphertext has a random nonce: the bulk row gets the model row's, and must read back alike.
    for model, new in zip(models, fast, strict=True):
        new.id_cipher = model.id_cipher
    RosterRow.objects.bulk_create(models)
    by_model = _stored(application.pk)
    texts = _json_text(application.pk)
    application.rows.all().delete()
    bulk.insert_rows(application.pk, fast)
    assert _stored(application.pk) == by_model
    # The JSON columns hold the same text too (the partial indexes compare it with '[]').
    assert _json_text(application.pk) == texts
    assert len(by_model) == 3


@pytest.mark.parametrize(
    "number",
    [
        "310101199003070018",
        "31010119900307001x",
        " 310101-1990 0307 001X ",
        "３１０１０１１９９００３０７００１Ｘ",
        "310101\u20141990030700１8",
        "'310101199003070018",
        "3.10101E+17",
        "#N/A",
        "Ab-12",
        "",
        "\u01c6\u2163",
    ],
)
def test_the_hash_and_mask_are_those_of_the_one_value_functions(number: str) -> None:
    """prepare_row normalises the number once and skips normalising it again when that changes nothing."""
    values = {"姓名": "王伟", "证件类型": " 居民身份证 ", "证件号码": number}
    prepared = stored_rows.prepare_row(CheckedRow(2, values, None, (), ()))
    normal = normalise_number(number)
    assert prepared.id_hash == (
        protector().lookup_hash(" 居民身份证 "[:10], normal) if is_comparable(normal) else ""
    )
    assert prepared.id_masked == (mask(normal) if normal else "")
    assert prepared.id_cipher == "" or protector().decrypt(prepared.id_cipher) == normal


def test_the_collector_is_paused_only_while_a_roster_is_stored() -> None:
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), bulk.collection_paused():
        assert not gc.isenabled()
        with bulk.collection_paused():
            pass
        assert not gc.isenabled()  # the inner pause does not end the outer one
        _ = 1 / 0
    assert gc.isenabled()


def _page_cache() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        return int(cursor.fetchone()[0])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's page cache")
def test_the_connection_has_its_own_page_cache_again_after_a_bulk_insert(application) -> None:  # type: ignore[no-untyped-def]
    before = _page_cache()
    assert before != -bulk.BULK_PAGE_CACHE_KIB
    bulk.insert_rows(application.pk, [stored_rows.prepare_row(CheckedRow(2, {"姓名": "王伟"}, None, (), ()))])
    assert _page_cache() == before
    assert application.rows.count() == 1
