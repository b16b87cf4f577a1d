"""A new SHENBAO_LOOKUP_KEY: rotate_lookup_key recomputes every look-up hash, and nothing loses its person."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command

from shenbao.applications.models import Application, RosterRow, SubmittedRow
from shenbao.applications.rows import build_row, id_hash_of
from shenbao.applications.selectors import changes_since_last_submission
from shenbao.applications.services import snapshot_submission, submitted_digest
from shenbao.audit.models import Action, AuditRecord
from shenbao.crosschecks.models import HistoryImport, PastSupport
from shenbao.domain.checked_roster import CheckedRow
from shenbao.domain.personal import mask, new_key
from shenbao.operations.rehash import hashed_models
from shenbao.personal_data import protector
from tests.rosters import valid_id
from tests.security.personal import add_rows, make_application, make_call

DATA, OLD_LOOKUP, NEW_LOOKUP = new_key(), new_key(), new_key()


@pytest.fixture
def keys(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    settings.SHENBAO_DATA_KEYS = f"k:{DATA}"
    settings.SHENBAO_LOOKUP_KEY = OLD_LOOKUP
    protector.cache_clear()
    yield
    protector.cache_clear()


def _returned_with_a_submission(application: Application) -> SubmittedRow:
    """Snapshot the roster as submitted, drop its last person, and return it for correction."""
    snapshot_submission(application)
    last = application.rows.order_by("number").last()
    assert last is not None
    last.delete()
    application.status = "returned"
    application.save(update_fields=["status"])
    return SubmittedRow.objects.get(application=application, number=last.number)


def _past_support(number: str, user) -> PastSupport:  # type: ignore[no-untyped-def]
    source = HistoryImport.objects.create(file_name="2015.xlsx", records=1, added=1, imported_by=user)
    guard = protector()
    return PastSupport.objects.create(
        id_hash=guard.lookup_hash("身份证", number),
        id_type="身份证",
        id_cipher=guard.encrypt(number),
        id_masked=mask(number),
        name="员工1",
        organisation_name="上海某某公司",
        year=2015,
        kind="employees",
        source=source,
    )


def test_every_model_holding_hashed_numbers_is_found_through_the_app_registry() -> None:
    assert {RosterRow, PastSupport} <= set(hashed_models())


def test_every_hash_is_recomputed_and_persons_still_match_across_tables(
    keys, settings, enterprise, city_admin
) -> None:  # type: ignore[no-untyped-def]
    application = make_application(enterprise, make_call(2024))
    numbers = add_rows(application, 4)
    past = _past_support(numbers[0], city_admin)
    removed = _returned_with_a_submission(application)
    removed_hash = removed.id_hash
    before = changes_since_last_submission(application)
    assert (len(before.added), len(before.removed), len(before.changed)) == (0, 1, 0)
    old_hashes = set(RosterRow.objects.values_list("id_hash", flat=True))

    settings.SHENBAO_LOOKUP_KEY = NEW_LOOKUP
    protector.cache_clear()
    out = io.StringIO()
    call_command("rotate_lookup_key", batch_size=2, stdout=out)

    guard = protector()
    rows = list(application.rows.all())
    assert [row.id_hash for row in rows] == [
        guard.lookup_hash(r.id_type, guard.decrypt(r.id_cipher)) for r in rows
    ]
    assert not old_hashes & {row.id_hash for row in rows}
    past.refresh_from_db()
    assert past.id_hash == guard.lookup_hash("身份证", numbers[0]) == rows[0].id_hash
    # The submitted roster follows its persons: the comparison is unchanged, digests are recomputed.
    after = changes_since_last_submission(application)
    assert (len(after.added), len(after.removed), len(after.changed)) == (0, 1, 0)
    assert after.removed[0].number == removed.number
    submitted = list(SubmittedRow.objects.filter(application=application))
    assert all(row.digest == submitted_digest(row.values) for row in submitted)
    assert SubmittedRow.objects.get(pk=removed.pk).id_hash == removed_hash  # nobody holds it any more
    text = out.getvalue()
    assert "applications.RosterRow：重新计算 3 条" in text
    assert "crosschecks.PastSupport：重新计算 1 条" in text
    assert "applications.SubmittedRow：重新计算 3 条" in text
    assert (
        AuditRecord.objects.get(action=Action.ROTATE_LOOKUP_KEY).detail["rehashed"]["applications.RosterRow"]
        == 3
    )


def test_running_it_again_changes_nothing(keys, settings, enterprise) -> None:  # type: ignore[no-untyped-def]
    application = make_application(enterprise, make_call(2024))
    add_rows(application, 3)
    _returned_with_a_submission(application)
    settings.SHENBAO_LOOKUP_KEY = NEW_LOOKUP
    protector.cache_clear()
    call_command("rotate_lookup_key", stdout=io.StringIO())
    hashes = sorted(SubmittedRow.objects.values_list("id_hash", "digest"))
    out = io.StringIO()
    call_command("rotate_lookup_key", stdout=out)
    assert "共重新计算 0 条" in out.getvalue()
    assert sorted(SubmittedRow.objects.values_list("id_hash", "digest")) == hashes


@pytest.mark.parametrize("number", ["4.40221199711296E+17", "3.10115E+17", "#N/A", "#REF!", "Err:502"])
def test_a_number_whose_digits_are_lost_or_a_formula_error_gets_no_lookup_hash(
    keys, settings, enterprise, number
) -> None:  # type: ignore[no-untyped-def]
    application = make_application(enterprise, make_call(2024))
    checked = CheckedRow(2, {"姓名": "员工", "证件类型": "身份证", "证件号码": number}, None, (), ())
    row = build_row(application, checked)
    assert row.id_hash == "" and row.id_cipher  # kept (the row shows it), matched with nobody
    assert id_hash_of({"证件类型": "身份证", "证件号码": number}) == ""
    row.save()
    # A row stored with a hash before this rule loses it on the next rotation.
    RosterRow.objects.filter(pk=row.pk).update(id_hash=protector().lookup_hash("身份证", number))
    settings.SHENBAO_LOOKUP_KEY = NEW_LOOKUP
    protector.cache_clear()
    call_command("rotate_lookup_key", stdout=io.StringIO())
    assert RosterRow.objects.get(pk=row.pk).id_hash == ""


def test_a_whole_id_number_still_gets_its_lookup_hash(keys, enterprise) -> None:  # type: ignore[no-untyped-def]
    application = make_application(enterprise, make_call(2024))
    number = valid_id(1)
    checked = CheckedRow(2, {"姓名": "员工", "证件类型": "身份证", "证件号码": number}, None, (), ())
    assert build_row(application, checked).id_hash == protector().lookup_hash("身份证", number)
