"""Uploaded rosters and attachments are sealed before they reach storage, in either profile."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile

from shenbao.applications import services, uploads
from shenbao.domain.sealed_files import HEADER_BYTES, SealedFileError, read_header
from shenbao.personal_data import protector
from shenbao.storage import EncryptedStorage, plain_copy, raw_storage
from tests.applications.conftest import signed_in, url
from tests.media_scan import plain_id_numbers
from tests.rosters import valid_id

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


@pytest.fixture(params=["aes", "sm"])
def profile(request: pytest.FixtureRequest, settings) -> Iterator[str]:  # type: ignore[no-untyped-def]
    settings.SHENBAO_CRYPTO = request.param
    protector.cache_clear()
    yield request.param
    protector.cache_clear()


def stored_bytes(name: str) -> bytes:
    with raw_storage().open(name, "rb") as handle:
        return bytes(handle.read())


def test_the_default_storage_seals_into_the_plain_storage() -> None:
    assert isinstance(storages["default"], EncryptedStorage)
    assert raw_storage() is storages["plain"]


def test_an_uploaded_roster_is_sealed_before_the_worker_reads_it(
    profile, enterprise_user, application, employees, roster_file, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # queued, not run
    sent = roster_file(employees(3))
    original = sent.read()
    job = uploads.start_roster_upload(by=enterprise_user, application=application, upload=sent)  # not run yet

    stored = stored_bytes(job.file.name)
    assert read_header(io.BytesIO(stored)).cipher == protector().cipher
    assert plain_id_numbers(original) >= {valid_id(1), valid_id(3)}, (
        "the scan must see the numbers in the xlsx"
    )
    assert plain_id_numbers(stored) == set()
    assert job.file.storage.size(job.file.name) == len(original)
    with job.file.storage.open(job.file.name) as handle:
        assert handle.read() == original

    uploads.process_upload(job.pk)
    assert application.rows.count() == 3
    assert not raw_storage().exists(job.file.name)


def test_an_attachment_is_sealed_and_downloads_as_sent(profile, enterprise_user, application) -> None:  # type: ignore[no-untyped-def]
    content = PDF + f"% {valid_id(7)}\n".encode()
    attachment = services.add_attachment(
        by=enterprise_user, application=application, upload=SimpleUploadedFile("证明.pdf", content)
    )
    assert plain_id_numbers(stored_bytes(attachment.file.name)) == set()
    assert attachment.file.size == len(content)
    response = signed_in(enterprise_user).get(url("attachment", application.pk, attachment.pk))
    assert b"".join(response.streaming_content) == content


def test_a_removed_attachment_s_file_is_deleted_once_the_removal_commits(
    enterprise_user, application, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    attachment = services.add_attachment(
        by=enterprise_user, application=application, upload=SimpleUploadedFile("证明.pdf", PDF)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(by=enterprise_user, application=application, attachment_id=attachment.pk)
        assert raw_storage().exists(attachment.file.name)
    assert not application.attachments.exists()
    assert not raw_storage().exists(attachment.file.name)


def test_a_removal_rolled_back_keeps_the_attachment_and_its_file(
    enterprise_user, application, monkeypatch, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    attachment = services.add_attachment(
        by=enterprise_user, application=application, upload=SimpleUploadedFile("证明.pdf", PDF)
    )

    def failing(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the event could not be recorded")

    monkeypatch.setattr(services, "record_event", failing)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        services.remove_attachment(by=enterprise_user, application=application, attachment_id=attachment.pk)
    kept = application.attachments.get()
    assert kept.file.name == attachment.file.name
    with kept.file.open("rb") as handle:
        assert handle.read() == PDF


def test_a_stored_file_replaced_by_a_plain_one_is_refused(enterprise_user, application) -> None:  # type: ignore[no-untyped-def]
    attachment = services.add_attachment(
        by=enterprise_user, application=application, upload=SimpleUploadedFile("a.pdf", PDF)
    )
    raw_storage().delete(attachment.file.name)
    raw_storage().save(attachment.file.name, ContentFile(PDF))
    with pytest.raises(SealedFileError, match="not a sealed file"):
        default_storage.open(attachment.file.name)


def test_a_stored_file_cut_short_is_refused_before_any_byte_is_served(enterprise_user, application) -> None:  # type: ignore[no-untyped-def]
    content = PDF * 5000  # several chunks
    attachment = services.add_attachment(
        by=enterprise_user, application=application, upload=SimpleUploadedFile("a.pdf", content)
    )
    name = attachment.file.name
    sealed = stored_bytes(name)
    raw_storage().delete(name)
    raw_storage().save(name, ContentFile(sealed[: HEADER_BYTES + 65536 + 16]))
    with pytest.raises(SealedFileError):
        default_storage.open(name)


def test_the_plain_copy_for_the_worker_has_no_name_on_disk_and_goes_with_the_work(
    enterprise_user, application
) -> None:  # type: ignore[no-untyped-def]
    attachment = services.add_attachment(
        by=enterprise_user, application=application, upload=SimpleUploadedFile("a.pdf", PDF)
    )
    with plain_copy(default_storage, attachment.file.name) as path:
        assert path.read_bytes() == PDF
        assert str(path).startswith("/proc/self/fd/")
        assert Path(path).resolve().name.endswith("(deleted)") or not Path(path).resolve().exists()
    assert not path.exists()


def test_a_rewrapped_copy_keeps_within_the_fields_length_however_often_keys_change(
    enterprise_user, application, settings
) -> None:  # type: ignore[no-untyped-def]
    from shenbao.domain.personal import new_key

    attachment = services.add_attachment(
        by=enterprise_user, application=application, upload=SimpleUploadedFile("a.pdf", PDF)
    )
    storage = attachment.file.storage
    limit = attachment._meta.get_field("file").max_length
    name = attachment.file.name
    keys = settings.SHENBAO_DATA_KEYS
    for turn in range(8):
        keys = f"r{turn}:{new_key()},{keys}"
        settings.SHENBAO_DATA_KEYS = keys
        protector.cache_clear()
        name, done = storage.rewrap(name, max_length=limit)
        assert done == "rewrapped" and len(name) <= limit
    with storage.open(name) as handle:
        assert handle.read() == PDF
    protector.cache_clear()
