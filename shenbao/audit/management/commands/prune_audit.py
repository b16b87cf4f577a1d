"""Delete audit records older than a number of days; never fewer than 180 (Cybersecurity Law art. 21)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shenbao.audit.models import MINIMUM_RETENTION, Action, AppendOnlyError, AuditRecord
from shenbao.audit.services import record


class Command(BaseCommand):
    help = "删除早于指定天数的审计记录（不少于 180 天，《网络安全法》第二十一条）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than-days", type=int, required=True, help="删除早于这么多天的记录")

    def handle(self, *args: Any, **options: Any) -> None:
        days: int = options["older_than_days"]
        if days < MINIMUM_RETENTION.days:
            raise CommandError(f"审计记录至少保存 {MINIMUM_RETENTION.days} 天，拒绝删除 {days} 天内的记录")
        cutoff = timezone.now() - timedelta(days=days)
        try:
            deleted = AuditRecord.objects.prune_before(cutoff)
        except AppendOnlyError as exc:
            raise CommandError(str(exc)) from None
        record(action=Action.AUDIT_PRUNE, older_than_days=days, deleted=deleted)
        self.stdout.write(f"已删除 {deleted} 条早于 {cutoff:%Y-%m-%d} 的审计记录")
