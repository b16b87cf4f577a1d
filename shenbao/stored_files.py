"""Stored files are read through Django's storage API; code that needs a path gets a private local copy."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db.models.fields.files import FieldFile

CHUNK = 1024 * 1024


@contextmanager
def local_copy(file: FieldFile) -> Iterator[Path]:
    """The stored ``file`` streamed into a new private directory, as a file only this user can read.

    The spreadsheet readers want a path, but the storage may be a bucket on another host, so the
    bytes come through ``storage.open``, never from a path. The directory (mode 700, from mkdtemp)
    and the copy (mode 600) are removed on the way out, whatever happened inside.
    """
    directory = tempfile.mkdtemp(prefix="shenbao-")
    try:
        path = Path(directory) / "file"
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as copy, file.storage.open(file.name or "", "rb") as source:
            shutil.copyfileobj(source, copy, CHUNK)
        yield path
    finally:
        shutil.rmtree(directory, ignore_errors=True)
