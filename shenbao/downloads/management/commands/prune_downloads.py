"""Delete the files of expired downloads (the worker's sweep does the same)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from shenbao.downloads.services import prune_downloads


class Command(BaseCommand):
    help = "删除已过期的下载文件"

    def handle(self, *args: Any, **options: Any) -> None:
        removed = prune_downloads(timezone.now())
        self.stdout.write(f"已删除 {removed} 个过期的下载文件。")
