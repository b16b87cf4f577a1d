"""shenbao manage backup OUT_DIR: dump the database and the uploaded files, with a manifest of checksums."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shenbao.audit.models import Action
from shenbao.audit.services import record
from shenbao.operations.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库（dumpdata）和上传文件到一个空目录，附清单（行数和 SHA-256 校验和）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out_dir", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(options["out_dir"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["counts"].values())
        files = len(manifest["files"]) - 1
        record(action=Action.BACKUP, directory=str(options["out_dir"]), rows=rows, files=files)
        self.stdout.write(
            self.style.SUCCESS(f"已备份 {rows} 行数据、{files} 个上传文件到 {options['out_dir']}")
        )
