from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from shenbao.accounts.models import User
from shenbao.applications.models import RosterRow, RosterUpload
from shenbao.audit.integrity import verify_chain
from shenbao.directory.services import load_directory
from shenbao.domain.sealed_files import MAGIC
from shenbao.operations.backup import backed_up_models
from shenbao.personal_data import protector
from tests import factories
from tests.security.personal import add_rows, make_application, make_call

# backup.py still copies MEDIA_ROOT as a folder; carrying the stored objects through the storage API
# is the encrypted-storage change's part (issue 14). Until then it runs only with files on disk.
pytestmark = pytest.mark.skipif(
    settings.STORAGE != "filesystem", reason="backup.py reads MEDIA_ROOT, not the storage API"
)


def snapshot() -> dict[str, list[dict[str, object]]]:
    """Every backed-up row, serialised the way dumpdata does, keyed by model."""
    result = {}
    for model in backed_up_models():
        rows = model._default_manager.order_by("pk")
        result[model._meta.label] = json.loads(
            serializers.serialize("json", rows, use_natural_foreign_keys=True)
        )
    return result


@pytest.fixture
def populated(transactional_db, settings):  # type: ignore[no-untyped-def]
    load_directory()
    organisation = factories.make_organisation(number=5)
    applicant = factories.make_applicant(organisation, "backup-applicant")
    factories.make_reviewer(5, "backup-reviewer")
    factories.make_city_admin()
    application = make_application(organisation, make_call(2025), persons=4)
    numbers = add_rows(application, 4)
    upload = RosterUpload(
        application=application, token="tok1", original_name="花名册.xlsx", uploaded_by=applicant
    )
    upload.file.save("x.xlsx", ContentFile(b"PK\x03\x04 roster"), save=True)
    return numbers, upload


def test_a_populated_system_round_trips_through_backup_and_restore_into_an_empty_database(
    populated, tmp_path, settings
) -> None:  # type: ignore[no-untyped-def]
    numbers, upload = populated
    before = snapshot()
    file_name = upload.file.name
    sealed = (Path(settings.MEDIA_ROOT) / file_name).read_bytes()
    out = tmp_path / "backup"
    call_command("backup", str(out), stdout=io.StringIO())
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["applications.RosterRow"] == 4 and f"media/{file_name}" in manifest["files"]

    # A fresh system: every table emptied, a new empty upload directory.
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "fresh-media"
    assert not User.objects.exists()
    call_command("restore", str(out), "--no-migrate", stdout=io.StringIO())

    after = snapshot()
    for label in ("audit.AuditRecord", "audit.AuditChainHead"):  # backup and restore record themselves
        after.pop(label), before.pop(label)
    assert after == before
    # The sealed object travels as it was stored: the same bytes in the backup and after restore.
    assert (Path(settings.MEDIA_ROOT) / file_name).read_bytes() == sealed
    assert (out / "media" / file_name).read_bytes() == sealed and sealed.startswith(MAGIC)
    with default_storage.open(file_name) as restored_file:
        assert restored_file.read() == b"PK\x03\x04 roster"
    restored = RosterRow.objects.order_by("number")
    assert [protector().decrypt(r.id_cipher) for r in restored] == numbers
    assert verify_chain().is_intact  # the audit log's chain came across whole
    assert User.objects.get(username="backup-applicant").check_password(factories.PASSWORD)


def test_restore_refuses_a_backup_whose_files_were_altered(populated, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "backup"
    call_command("backup", str(out), stdout=io.StringIO())
    upload_copy = next(p for p in (out / "media").rglob("*") if p.is_file())
    upload_copy.write_bytes(b"tampered")
    with pytest.raises(CommandError, match="校验和不符"):
        call_command("restore", str(out), "--no-migrate", stdout=io.StringIO())


def test_restore_refuses_a_database_that_is_not_empty(populated, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "backup"
    call_command("backup", str(out), stdout=io.StringIO())
    with pytest.raises(CommandError, match="数据库不是空的"):
        call_command("restore", str(out), "--no-migrate", stdout=io.StringIO())


def test_backup_refuses_a_directory_that_is_not_empty(populated, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "backup"
    out.mkdir()
    (out / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="不是空目录"):
        call_command("backup", str(out), stdout=io.StringIO())
    shutil.rmtree(out)
