"""Backup and restore: the database as Django fixtures, the uploaded files, and a manifest.

A backup directory holds ``data.json`` (``dumpdata`` of every app, primary keys kept, content
types by natural key), ``media/`` (every stored object, copied as stored: sealed, never decrypted,
read through the storage API so S3 works as the file system does) and ``manifest.json`` (row
counts per model and a SHA-256 of every file). ID numbers and files stay encrypted in it; the keys
are not in it, so a backup alone reveals no number, but it does hold names: store it encrypted
and access-controlled.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.files import File
from django.core.files.storage import Storage
from django.core.management import call_command
from django.db import connection, models, transaction
from django.utils import timezone

from shenbao.storage import raw_storage

FORMAT = "shenbao-backup/1"
DATA_FILE = "data.json"
MEDIA_DIR = "media"
MANIFEST = "manifest.json"
# Rebuilt by migrate (content types, permissions) or not worth keeping (sessions).
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
# Made by migrate in every new database (the audit log's chain head); the backup's copy replaces it.
SEEDED = {"audit.AuditChainHead"}


class BackupError(Exception):
    """The backup is incomplete or altered, or the database is not empty."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def stored_names(storage: Storage, path: str = "") -> Iterator[str]:
    """Every object in the storage, walked through ``listdir`` (no local path)."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:  # a file-system storage whose directory was never made
        return
    for name in sorted(files):
        yield posixpath.join(path, name)
    for directory in sorted(directories):
        yield from stored_names(storage, posixpath.join(path, directory))


def backed_up_models() -> list[type[models.Model]]:
    excluded_apps = {e for e in EXCLUDED if "." not in e}
    excluded_models = {e.lower() for e in EXCLUDED if "." in e}
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label not in excluded_apps
        and m._meta.label_lower not in excluded_models
        and not m._meta.proxy
        and m._meta.managed
    ]


def model_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in backed_up_models()}


def backup(out_dir: Path) -> dict[str, Any]:
    """Write a backup into ``out_dir`` (created; must be empty) and return its manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if any(out_dir.iterdir()):
        raise BackupError(f"{out_dir} 不是空目录")
    data = out_dir / DATA_FILE
    # One snapshot: the counts and the dump see the same rows (repeatable read on PostgreSQL).
    with transaction.atomic():
        if connection.vendor == "postgresql":  # one snapshot for every query of the dump
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        counts = model_counts()
        call_command("dumpdata", exclude=EXCLUDED, natural_foreign=True, output=str(data), verbosity=0)
    files: dict[str, str] = {DATA_FILE: _sha256(data)}
    storage = raw_storage()
    for name in stored_names(storage):
        target = out_dir / MEDIA_DIR / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, target.open("wb") as copy:
            shutil.copyfileobj(source, copy, 1 << 20)
        files[f"{MEDIA_DIR}/{name}"] = _sha256(target)
    manifest = {"format": FORMAT, "created_at": timezone.now().isoformat(), "counts": counts, "files": files}
    (out_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def verify(in_dir: Path) -> dict[str, Any]:
    """The manifest, once every file it lists is present with its checksum and nothing else is."""
    try:
        manifest: dict[str, Any] = json.loads((in_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"无法读取 {MANIFEST}：{exc}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不是 shenbao 备份（格式 {manifest.get('format')!r}）")
    listed: dict[str, str] = manifest["files"]
    for relative, checksum in listed.items():
        path = in_dir / relative
        if not path.is_file():
            raise BackupError(f"备份缺少文件：{relative}")
        if _sha256(path) != checksum:
            raise BackupError(f"文件校验和不符（已损坏或被修改）：{relative}")
    present = {p.relative_to(in_dir).as_posix() for p in in_dir.rglob("*") if p.is_file()} - {MANIFEST}
    if extra := sorted(present - set(listed)):
        raise BackupError(f"备份中有清单未列出的文件：{', '.join(extra[:5])}")
    return manifest


def restore(in_dir: Path) -> dict[str, Any]:
    """Load a verified backup into a migrated, empty database and an empty file storage."""
    manifest = verify(in_dir)
    if occupied := [label for label, n in model_counts().items() if n and label not in SEEDED]:
        raise BackupError(f"数据库不是空的（{', '.join(occupied[:5])} 已有数据），只能恢复到空数据库")
    storage = raw_storage()
    if next(stored_names(storage), None) is not None:
        raise BackupError("上传文件存储不是空的，只能恢复到空的存储")
    with transaction.atomic():
        call_command("loaddata", str(in_dir / DATA_FILE), verbosity=0)
        counts = model_counts()
        if counts != manifest["counts"]:
            differ = sorted(
                k
                for k in counts.keys() | manifest["counts"].keys()
                if counts.get(k) != manifest["counts"].get(k)
            )
            raise BackupError(f"恢复后的行数与清单不符：{', '.join(differ)}")
    for relative in manifest["files"]:
        if relative.startswith(f"{MEDIA_DIR}/"):
            name = relative.removeprefix(f"{MEDIA_DIR}/")
            with (in_dir / relative).open("rb") as source:
                stored = storage.save(name, File(source, name=name))
            if stored != name:
                raise BackupError(f"文件无法按原名恢复：{name}")
    return manifest
