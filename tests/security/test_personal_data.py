from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connection

from shenbao.applications.models import RosterRow
from shenbao.audit.models import Action, AuditRecord
from shenbao.domain.personal import new_key
from shenbao.operations.rotation import cipher_models
from shenbao.personal_data import protector
from tests.security.personal import add_rows, make_application, make_call

OLD, NEW, LOOKUP = new_key(), new_key(), new_key()


@pytest.fixture
def keys(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    settings.SHENBAO_DATA_KEYS = f"old:{OLD}"
    settings.SHENBAO_LOOKUP_KEY = LOOKUP
    protector.cache_clear()
    yield
    protector.cache_clear()


def test_every_model_holding_ciphertexts_is_found_through_the_app_registry() -> None:
    assert RosterRow in cipher_models()


def test_rotation_re_encrypts_every_number_with_the_new_key_and_every_one_still_decrypts(
    keys, settings, enterprise, city_admin
) -> None:  # type: ignore[no-untyped-def]
    application = make_application(enterprise, make_call(2024), persons=7)
    numbers = add_rows(application, 7)
    RosterRow.objects.create(application=application, number=99, name="无证件")  # blank stays blank
    assert {
        protector().label_of(c)
        for c in RosterRow.objects.exclude(id_cipher="").values_list("id_cipher", flat=True)
    } == {"aes256gcm:old"}

    settings.SHENBAO_DATA_KEYS = f"new:{NEW},old:{OLD}"
    protector.cache_clear()
    out = io.StringIO()
    call_command("rotate_keys", batch_size=3, stdout=out)

    assert "aes256gcm:old → aes256gcm:new：7" in out.getvalue() and "共重新加密 7 条" in out.getvalue()
    rows = RosterRow.objects.exclude(id_cipher="").order_by("number")
    assert all(row.id_cipher.startswith("aes256gcm:new:") for row in rows)
    # The old key is no longer needed: a protector knowing only the new key reads everything.
    settings.SHENBAO_DATA_KEYS = f"new:{NEW}"
    protector.cache_clear()
    assert [protector().decrypt(row.id_cipher) for row in rows] == numbers
    assert RosterRow.objects.get(number=99).id_cipher == ""
    rotated = AuditRecord.objects.get(action=Action.ROTATE_KEYS).detail["rotated"]
    assert rotated["applications.RosterRow"] == {"aes256gcm:old": 7}


def test_a_second_rotation_has_nothing_left_to_do(keys, settings, enterprise) -> None:  # type: ignore[no-untyped-def]
    add_rows(make_application(enterprise, make_call(2024)), 2)
    settings.SHENBAO_DATA_KEYS = f"new:{NEW},old:{OLD}"
    protector.cache_clear()
    call_command("rotate_keys", stdout=io.StringIO())
    out = io.StringIO()
    call_command("rotate_keys", stdout=out)
    assert "共重新加密 0 条" in out.getvalue() and "原本已是当前密钥 2 条" in out.getvalue()


def text_columns() -> Iterator[tuple[str, str]]:
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                yield table, column.name


def columns_revealing(numbers: list[str]) -> tuple[list[tuple[str, str]], int]:
    """Every (table, column) whose text holds one of the numbers (or its first 17 characters), and the cells read."""
    quote = connection.ops.quote_name
    leaks, scanned = [], 0
    with connection.cursor() as cursor:
        for table, column in text_columns():
            # Every column read as text, whatever its type: a number must not hide in JSON or bytes either.
            cursor.execute(f"SELECT CAST({quote(column)} AS TEXT) FROM {quote(table)}")
            for (value,) in cursor.fetchall():
                scanned += 1
                if value and any(number[:17] in value for number in numbers):
                    leaks.append((table, column))
    return leaks, scanned


def test_the_database_alone_never_reveals_an_id_number(keys, enterprise) -> None:  # type: ignore[no-untyped-def]
    numbers = add_rows(make_application(enterprise, make_call(2024), persons=25), 25)
    leaks, scanned = columns_revealing(numbers)
    assert scanned > 100, "the scan must actually read the roster rows"
    assert leaks == []


def test_the_scan_would_find_a_number_stored_in_clear(keys, enterprise) -> None:  # type: ignore[no-untyped-def]
    application = make_application(enterprise, make_call(2024))
    numbers = add_rows(application, 1)
    RosterRow.objects.filter(application=application).update(values={"备注": numbers[0]})
    leaks, _ = columns_revealing(numbers)
    assert leaks == [(RosterRow._meta.db_table, "values")]
