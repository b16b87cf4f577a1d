"""EncryptedStorage: every stored file is sealed (shenbao/domain/sealed_files.py) before it reaches storage.

``STORAGES["default"]`` is this storage; its OPTIONS name the inner storage alias that holds the
sealed bytes (``STORAGES["plain"]``: the file system under MEDIA_ROOT, or S3). FileFields need no
change: whatever they save is sealed with a new content key wrapped by the Protector's current key,
and ``open()`` gives back the content, decrypted chunk by chunk as it is read. Backups copy the
inner storage's objects as they are; key rotation re-wraps them (``rewrap``).
"""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from io import UnsupportedOperation
from pathlib import Path
from typing import IO, Any

from django.core.files import File
from django.core.files.storage import Storage, default_storage, storages
from django.utils.deconstruct import deconstructible

from shenbao.domain.sealed_files import (
    CHUNK_BYTES,
    HEADER_BYTES,
    SealedReader,
    is_current,
    is_sealed,
    plain_size,
    read_header,
    rewrap_stream,
    seal_stream,
)
from shenbao.personal_data import protector


@deconstructible(path="shenbao.storage.EncryptedStorage")
class EncryptedStorage(Storage):
    def __init__(self, inner: str = "plain") -> None:
        self.inner_alias = inner

    @property
    def inner(self) -> Storage:
        # Looked up each time: tests and deployments may change STORAGES after start-up.
        return storages[self.inner_alias]

    def _open(self, name: str, mode: str = "rb") -> File[bytes]:
        if any(flag in mode for flag in "wa+"):
            raise ValueError("EncryptedStorage opens files for reading; save() writes them")
        source = self.inner.open(name, "rb")
        try:
            reader = SealedReader(protector(), source)  # type: ignore[arg-type]
        except BaseException:
            source.close()
            raise
        plain = File(io.BufferedReader(reader, CHUNK_BYTES), name=name)
        plain.size = reader.size
        plain.mode = "rb"
        return plain

    def _save(self, name: str, content: Any) -> str:
        with suppress(AttributeError, UnsupportedOperation):
            content.seek(0)
        # The sealed bytes, never the content, go through a temporary file.
        with tempfile.TemporaryFile() as sealed:
            seal_stream(protector(), content, sealed)
            sealed.seek(0)
            return self.inner.save(name, File(sealed, name=name))

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return self.inner.get_available_name(name, max_length=max_length)

    def delete(self, name: str) -> None:
        self.inner.delete(name)

    def exists(self, name: str) -> bool:
        return self.inner.exists(name)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        return self.inner.listdir(path)

    def size(self, name: str) -> int:
        """The content's size, computed from the stored size (no read)."""
        return plain_size(self.inner.size(name))

    def get_accessed_time(self, name: str) -> datetime:
        return self.inner.get_accessed_time(name)

    def get_created_time(self, name: str) -> datetime:
        return self.inner.get_created_time(name)

    def get_modified_time(self, name: str) -> datetime:
        return self.inner.get_modified_time(name)

    def is_current(self, name: str) -> bool:
        """Sealed under the current profile and key (a file stored before encryption is not)."""
        with self.inner.open(name, "rb") as source:
            head = source.read(HEADER_BYTES)
        return is_sealed(head) and is_current(protector(), read_header(io.BytesIO(head)))

    def rewrap(self, name: str, *, max_length: int | None = None) -> tuple[str, str]:
        """Store the file again under the current key, beside the old one: (new name, what was done).

        "rewrapped": same cipher, the content key re-wrapped and the chunks copied as they are;
        "resealed": another profile's cipher, the content sealed again with a new content key;
        "sealed": a file stored before encryption at rest. The old object stays until the caller
        has moved its reference and deletes it.
        """
        guard = protector()
        with self.inner.open(name, "rb") as source, tempfile.TemporaryFile() as target:
            sealed = is_sealed(source.read(HEADER_BYTES))
            source.seek(0)
            if sealed:
                done = "rewrapped" if rewrap_stream(guard, source, target) else "resealed"  # type: ignore[arg-type]
            else:
                seal_stream(guard, source, target)  # type: ignore[arg-type]
                done = "sealed"
            target.seek(0)
            # The inner storage picks a free name beside the old one, within the field's length.
            return self.inner.save(name, File(target, name=name), max_length=max_length), done


def raw_storage() -> Storage:
    """Where the stored bytes are: the inner storage of an EncryptedStorage, else the default storage."""
    backend = storages["default"]
    return backend.inner if isinstance(backend, EncryptedStorage) else default_storage


@contextmanager
def plain_copy(storage: Storage, name: str) -> Iterator[Path]:
    """The content of a stored file as a local path, for readers that need one.

    The temporary file has no name in any directory (O_TMPFILE on Linux, unlinked at once
    elsewhere) and is reached through /proc/self/fd: it disappears when the process ends,
    even if the process is killed, so no plain copy outlives the work.
    """
    with tempfile.TemporaryFile() as handle:
        with storage.open(name, "rb") as source:
            shutil.copyfileobj(source, handle, CHUNK_BYTES)
        handle.flush()
        handle.seek(0)
        through_proc = Path(f"/proc/self/fd/{handle.fileno()}")
        if through_proc.exists():
            yield through_proc
            return
        with _named_copy(handle) as path:
            yield path


@contextmanager
def _named_copy(handle: IO[bytes]) -> Iterator[Path]:
    # Without /proc (not Linux): a named private copy, deleted when the work ends.
    with tempfile.NamedTemporaryFile(prefix="shenbao-") as named:
        shutil.copyfileobj(handle, named, CHUNK_BYTES)
        named.flush()
        yield Path(named.name)
