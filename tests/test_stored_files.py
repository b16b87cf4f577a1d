"""Stored files are reached through the storage API only, and on disk they are for this user only."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.core.files.storage import default_storage, storages

pytestmark = pytest.mark.django_db


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
    local = Path(storages["plain"].path(name))  # a test may look at the disk; the code never does
    assert stat.S_IMODE(local.stat().st_mode) == 0o600
    assert stat.S_IMODE(local.parent.stat().st_mode) == 0o700
