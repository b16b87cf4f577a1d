"""rotate_keys moves numbers, look-up hashes and files between keys and profiles, resumably, losing nothing.

Runs on SQLite and on PostgreSQL (the suite's second run). The tests use a transactional
database: files are deleted only after their row's transaction commits, as in production.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from shenbao.applications import services
from shenbao.applications.models import Application, Attachment, RosterRow, RosterUpload, SubmittedRow
from shenbao.applications.selectors import changes_since_last_submission
from shenbao.applications.services import snapshot_submission, submitted_digest
from shenbao.crosschecks.models import HistoryImport, PastSupport
from shenbao.directory.services import load_directory
from shenbao.domain.personal import Cipher, Protector, mask, new_key
from shenbao.domain.sealed_files import read_header
from shenbao.operations.backup import stored_names
from shenbao.operations.models import RotationProgress
from shenbao.personal_data import protector
from shenbao.storage import EncryptedStorage, raw_storage
from tests import factories
from tests.security.personal import add_rows, make_application, make_call

AES_1, AES_2, SM4_1 = new_key(), new_key(), new_key(Cipher.SM4_GCM)
LOOKUP_AES, LOOKUP_SM3 = new_key(), new_key()
PDF = b"%PDF-1.4\n" + b"% scanned page\n" * 9000  # a few chunks


def configure(
    settings: Any, *, profile: str, data_keys: str = f"a1:{AES_1}", sm4_keys: str = f"s1:{SM4_1}"
) -> Protector:
    settings.SHENBAO_CRYPTO = profile
    settings.SHENBAO_DATA_KEYS = data_keys
    settings.SHENBAO_SM4_DATA_KEYS = sm4_keys
    settings.SHENBAO_LOOKUP_KEY = LOOKUP_AES
    settings.SHENBAO_SM3_LOOKUP_KEY = LOOKUP_SM3
    protector.cache_clear()
    return protector()


@pytest.fixture
def world(transactional_db: None, settings: Any) -> Iterator[dict[str, Any]]:
    """Under AES: 6 roster rows, a submitted and returned roster, a past support, 3 attachments, a kept roster file."""
    configure(settings, profile="aes")
    load_directory()
    organisation = factories.make_organisation(number=5)
    user = factories.make_applicant(organisation, "rotation-applicant")
    application = make_application(organisation, make_call(2025), persons=6)
    numbers = add_rows(application, 6)
    snapshot_submission(application)
    application.rows.order_by("number").last().delete()  # type: ignore[union-attr]
    Application.objects.filter(pk=application.pk).update(status="returned")
    application.refresh_from_db()
    guard = protector()
    source = HistoryImport.objects.create(file_name="2015.xlsx", records=1, added=1, imported_by=user)
    PastSupport.objects.create(
        id_hash=guard.lookup_hash("身份证", numbers[0]),
        id_type="身份证",
        id_cipher=guard.encrypt(numbers[0]),
        id_masked=mask(numbers[0]),
        name="员工1",
        organisation_name="上海某某公司",
        year=2015,
        kind="employees",
        source=source,
    )
    Application.objects.filter(pk=application.pk).update(status="draft")
    for serial in range(3):
        services.add_attachment(
            by=user,
            application=application,
            upload=SimpleUploadedFile(f"{serial}.pdf", PDF + bytes([serial])),
        )
    Application.objects.filter(pk=application.pk).update(status="returned")
    upload = RosterUpload(
        application=application, token="kept", original_name="花名册.xlsx", uploaded_by=user
    )
    upload.file.save("kept", ContentFile(b"PK\x03\x04 roster kept"), save=True)
    yield {"application": application, "numbers": numbers}
    protector.cache_clear()


def state(application: Application) -> dict[str, Any]:
    """What must survive every rotation: numbers, who matches whom, the comparison, the files' contents."""
    guard = protector()
    changes = changes_since_last_submission(application)
    return {
        "numbers": [guard.decrypt(r.id_cipher) for r in RosterRow.objects.order_by("number")],
        "past": guard.decrypt(PastSupport.objects.get().id_cipher),
        "past_matches_row_1": PastSupport.objects.get().id_hash
        == RosterRow.objects.order_by("number")[0].id_hash,
        "changes": (len(changes.added), len(changes.removed), len(changes.changed)),
        "files": sorted(_read(a.file) for a in Attachment.objects.all())
        + [_read(RosterUpload.objects.get().file)],
    }


def _read(field_file: Any) -> bytes:
    with field_file.storage.open(field_file.name) as handle:
        return bytes(handle.read())


def referenced_names() -> set[str]:
    return {a.file.name for a in Attachment.objects.all()} | {RosterUpload.objects.get().file.name}


def assert_all_under(guard: Protector) -> None:
    for token in [
        *RosterRow.objects.values_list("id_cipher", flat=True),
        PastSupport.objects.get().id_cipher,
    ]:
        assert guard.is_current(token), token[:20]
    for row in RosterRow.objects.all():
        assert row.id_hash == guard.lookup_hash(row.id_type, guard.decrypt(row.id_cipher))
    assert all(r.digest == submitted_digest(r.values) for r in SubmittedRow.objects.all())
    storage = Attachment._meta.get_field("file").storage
    assert isinstance(storage, EncryptedStorage)
    for name in referenced_names():
        assert storage.is_current(name), name
    # Nothing left behind: the storage holds exactly the files the rows point to.
    assert set(stored_names(raw_storage())) == referenced_names()


def test_rotating_from_aes_to_sm_and_back_loses_nothing(world: dict[str, Any], settings: Any) -> None:
    application = world["application"]
    before = state(application)
    assert before["numbers"] == world["numbers"][:5] and before["past_matches_row_1"]
    assert before["changes"] == (0, 1, 0)
    aes_hashes = list(RosterRow.objects.order_by("number").values_list("id_hash", flat=True))

    sm = configure(settings, profile="sm")
    out = io.StringIO()
    call_command("rotate_keys", batch_size=2, stdout=out)
    assert "aes256gcm:a1 → sm4gcm:s1：5" in out.getvalue()
    assert "按新算法重新加密 3" in out.getvalue()
    assert_all_under(sm)
    assert {read_header(raw_storage().open(n)).cipher for n in referenced_names()} == {Cipher.SM4_GCM}
    assert state(application) == before
    # The AES keys can now go: the SM keys alone read everything.
    configure(settings, profile="sm", data_keys="")
    assert state(application) == before

    aes = configure(settings, profile="aes")
    call_command("rotate_keys", batch_size=2, stdout=io.StringIO())
    assert_all_under(aes)
    assert state(application) == before
    assert list(RosterRow.objects.order_by("number").values_list("id_hash", flat=True)) == aes_hashes
    configure(settings, profile="aes", sm4_keys="")
    assert state(application) == before


def test_a_new_key_of_the_same_profile_rewraps_file_keys_and_copies_the_contents_as_they_are(
    world: dict[str, Any], settings: Any
) -> None:
    application = world["application"]
    before = state(application)
    bodies = {a.pk: raw_storage().open(a.file.name).read()[512:] for a in Attachment.objects.all()}
    rotated = configure(settings, profile="aes", data_keys=f"a2:{AES_2},a1:{AES_1}")
    out = io.StringIO()
    call_command("rotate_keys", stdout=out)
    assert "重新封装密钥 3" in out.getvalue()
    assert_all_under(rotated)
    assert {a.pk: raw_storage().open(a.file.name).read()[512:] for a in Attachment.objects.all()} == bodies
    # The look-up key did not change: no hash was recomputed.
    assert "重新计算查找键 0 条" in out.getvalue()
    configure(settings, profile="aes", data_keys=f"a2:{AES_2}")
    assert state(application) == before


class Interrupted(Exception):
    pass


def interrupt_after(monkeypatch: pytest.MonkeyPatch, owner: type, method: str, calls: int) -> dict[str, int]:
    """Make ``owner.method`` fail from its ``calls + 1``-th call on, as a killed process would stop; counts calls."""
    original = getattr(owner, method)
    made = {"calls": 0}

    def counting(*args: Any, **kwargs: Any) -> Any:
        made["calls"] += 1
        if made["calls"] > calls:
            raise Interrupted
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, method, counting)
    return made


def test_an_interrupted_rotation_leaves_every_row_readable_and_a_rerun_finishes_it(
    world: dict[str, Any], settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    application = world["application"]
    before = state(application)
    sm = configure(settings, profile="sm")

    # Stopped in the third batch of numbers: two batches (4 rows) are committed, the third rolled back.
    interrupt_after(monkeypatch, Protector, "encrypt", 4)
    with pytest.raises(Interrupted):
        call_command("rotate_keys", batch_size=2, stdout=io.StringIO())
    monkeypatch.undo()
    tokens = list(RosterRow.objects.order_by("pk").values_list("id_cipher", flat=True))
    assert [sm.is_current(t) for t in tokens] == [True] * 4 + [False]
    assert state(application) == before

    # Stopped while rehashing: the first batch of rows and its submitted rows are moved together.
    sm = configure(settings, profile="sm")
    interrupt_after(monkeypatch, Protector, "lookup_hash", 3)
    with pytest.raises(Interrupted):
        call_command("rotate_keys", batch_size=2, stdout=io.StringIO())
    monkeypatch.undo()
    progress = RotationProgress.objects.get(step="hashes", model="applications.RosterRow")
    assert progress.target == sm.lookup_fingerprint and not progress.done
    rows = list(RosterRow.objects.order_by("pk"))
    moved = [r.id_hash == sm.lookup_hash(r.id_type, sm.decrypt(r.id_cipher)) for r in rows]
    assert moved == [r.pk <= progress.last_pk for r in rows] and any(moved) and not all(moved)
    for submitted in SubmittedRow.objects.filter(
        number__in=[r.number for r in rows if r.pk <= progress.last_pk]
    ):
        assert submitted.id_hash == RosterRow.objects.get(number=submitted.number).id_hash
        assert submitted.digest == submitted_digest(submitted.values)

    # Stopped after two files: those point at their new copies, the old ones are gone, the rest wait.
    # On the way, the look-ups continue after the rows already done (3 rows left + 1 past support).
    sm = configure(settings, profile="sm")
    hashed = interrupt_after(monkeypatch, Protector, "lookup_hash", 10**6)
    interrupt_after(monkeypatch, EncryptedStorage, "rewrap", 2)
    with pytest.raises(Interrupted):
        call_command("rotate_keys", batch_size=2, stdout=io.StringIO())
    monkeypatch.undo()
    assert hashed["calls"] == len([r for r in rows if r.pk > progress.last_pk]) + 1 == 4
    storage = Attachment._meta.get_field("file").storage
    assert sorted(storage.is_current(n) for n in referenced_names()) == [False, False, True, True]  # type: ignore[attr-defined]
    assert set(stored_names(raw_storage())) == referenced_names()
    assert state(application) == before

    sm = configure(settings, profile="sm")
    out = io.StringIO()
    call_command("rotate_keys", batch_size=2, stdout=out)
    assert_all_under(sm)
    assert state(application) == before
    assert "按新算法重新加密 1" in out.getvalue()  # the last attachment
    again = io.StringIO()
    call_command("rotate_keys", batch_size=2, stdout=again)
    assert "共重新加密 0 条，重新计算查找键 0 条" in again.getvalue()
