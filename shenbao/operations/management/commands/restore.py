"""shenbao manage restore IN_DIR: check a backup's checksums, then load it into an empty database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from shenbao.audit.models import Action
from shenbao.audit.services import record
from shenbao.operations.backup import BackupError, restore, verify


class Command(BaseCommand):
    help = "从备份目录恢复到空数据库：先核对校验和，再迁移数据库结构、载入数据、复制上传文件"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("in_dir", type=Path)
        parser.add_argument("--no-migrate", action="store_true", help="数据库结构已是最新，不执行 migrate")

    def handle(self, *args: Any, **options: Any) -> None:
        in_dir: Path = options["in_dir"]
        try:
            verify(in_dir)
            if not options["no_migrate"]:
                call_command("migrate", verbosity=0, interactive=False)
            manifest = restore(in_dir)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["counts"].values())
        record(action=Action.RESTORE, directory=str(in_dir), created_at=manifest["created_at"], rows=rows)
        self.stdout.write(
            self.style.SUCCESS(f"已恢复 {rows} 行数据、{len(manifest['files']) - 1} 个上传文件")
        )
