"""The test run's file storage: a folder per test, or one key prefix of the S3 bucket emptied after each test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.files.storage import storages
from django.test import override_settings


@contextmanager
def own_prefix() -> Iterator[str | None]:
    """With S3, the run's files under a prefix of its own (another run may share the server); yields it.

    One storage for the whole run: a new S3 storage per test would build a new boto3 session each time.
    """
    if settings.STORAGE != "s3":
        yield None
        return
    prefix = f"tests/{uuid.uuid4().hex}"
    plain = settings.STORAGES["plain"]
    mine = {**plain, "OPTIONS": {**plain["OPTIONS"], "location": prefix}}
    # "default" follows "plain" unless it is a storage of its own that wraps it.
    default = mine if settings.STORAGES["default"] == plain else settings.STORAGES["default"]
    with override_settings(STORAGES={**settings.STORAGES, "plain": mine, "default": default}):
        yield prefix


def empty_prefix(prefix: str) -> None:
    """Delete what a test left under the run's prefix, so the next test starts with an empty store."""
    storages["plain"].bucket.objects.filter(Prefix=f"{prefix}/").delete()  # type: ignore[attr-defined]


def stored_objects(prefix: str) -> Iterator[tuple[str, bytes]]:
    """Every object a test left under the run's prefix, as stored (sealed bytes, if sealed)."""
    for summary in storages["plain"].bucket.objects.filter(Prefix=f"{prefix}/"):  # type: ignore[attr-defined]
        yield summary.key, summary.get()["Body"].read()


def child_env() -> dict[str, str]:
    """Environment for a process (a worker, a script) that must see this test's stored files."""
    env = {"SHENBAO_MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    if settings.STORAGE == "s3":
        env["SHENBAO_S3_PREFIX"] = settings.STORAGES["plain"]["OPTIONS"]["location"]
    return env
