"""Delete roster files left behind longer than SHENBAO_ROSTER_FILE_MAX_HOURS (the worker also does this)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from shenbao.applications.roster_files import delete_stale_roster_files


class Command(BaseCommand):
    help = "删除超过保留时间、且检查不在排队或进行中的花名册文件（每次删除记入审计日志）"

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = delete_stale_roster_files(now=timezone.now())
        for item in deleted:
            self.stdout.write(f"已删除 {item.name}")
        hours = settings.SHENBAO_ROSTER_FILE_MAX_HOURS
        self.stdout.write(f"共删除 {len(deleted)} 个超过 {hours} 小时的花名册文件")
