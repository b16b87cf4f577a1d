"""The test run's file storage: a folder per test, or a key prefix per test in the S3 bucket."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings as django_settings
from django.core.files.storage import storages


def use_own_prefix(settings: Any) -> str | None:
    """Point the "plain" storage at a prefix of this test's own when the run uses S3; returns it."""
    if settings.STORAGE != "s3":
        return None
    prefix = f"tests/{uuid.uuid4().hex}"
    plain = settings.STORAGES["plain"]
    mine = {**plain, "OPTIONS": {**plain["OPTIONS"], "location": prefix}}
    # "default" follows "plain" unless it is a storage of its own that wraps it.
    default = mine if settings.STORAGES["default"] == plain else settings.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "plain": mine, "default": default}
    return prefix


def empty_prefix(prefix: str) -> None:
    """Delete what a test left under its prefix, so the bucket does not grow over the run."""
    bucket = storages.create_storage(django_settings.STORAGES["plain"]).bucket
    bucket.objects.filter(Prefix=f"{prefix}/").delete()


def child_env() -> dict[str, str]:
    """Environment for a process (a worker, a script) that must see this test's stored files."""
    env = {"SHENBAO_MEDIA_ROOT": str(django_settings.MEDIA_ROOT)}
    if django_settings.STORAGE == "s3":
        env["SHENBAO_S3_PREFIX"] = django_settings.STORAGES["plain"]["OPTIONS"]["location"]
    return env
