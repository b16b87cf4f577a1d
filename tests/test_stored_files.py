"""A stored file is read through the storage API into a private copy that is gone afterwards."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile

from shenbao.applications.models import RosterUpload
from shenbao.stored_files import local_copy

pytestmark = pytest.mark.django_db


def _stored(content: bytes) -> FieldFile:
    name = default_storage.save("rosters/TEST/token", ContentFile(content))
    return FieldFile(RosterUpload(), RosterUpload._meta.get_field("file"), name)


def test_the_copy_holds_the_stored_bytes_readable_by_this_user_only() -> None:
    with local_copy(_stored(b"PK\x03\x04 roster")) as path:
        assert path.read_bytes() == b"PK\x03\x04 roster"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert not path.exists() and not path.parent.exists()


def test_the_copy_is_removed_when_the_reader_fails() -> None:
    with pytest.raises(RuntimeError), local_copy(_stored(b"x" * 3_000_000)) as path:
        assert path.stat().st_size == 3_000_000
        raise RuntimeError("the reader failed")
    assert not path.parent.exists()


def test_no_code_takes_a_local_path_from_a_stored_file() -> None:
    """``x.path`` is only ever a request's path (or os.path): a stored file may live in a bucket on another host."""
    import ast

    shenbao = Path(__file__).resolve().parents[1] / "shenbao"
    found = [
        f"{path.relative_to(shenbao.parent)}:{node.lineno}"
        for path in shenbao.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute)
        and node.attr == "path"
        and not (isinstance(node.value, ast.Name) and node.value.id in {"request", "os", "sys"})
    ]
    assert found == []


def test_uploaded_files_on_disk_are_for_this_user_only(settings) -> None:  # type: ignore[no-untyped-def]
    if settings.STORAGE != "filesystem":
        pytest.skip("file modes belong to the file-system backend")
    from django.core.files.uploadedfile import SimpleUploadedFile

    name = default_storage.save("rosters/TEST/upload", SimpleUploadedFile("x.xlsx", b"PK\x03\x04"))
    local = Path(default_storage.path(name))  # a test may look at the disk; the code never does
    assert stat.S_IMODE(local.stat().st_mode) == 0o600
    assert stat.S_IMODE(local.parent.stat().st_mode) == 0o700
