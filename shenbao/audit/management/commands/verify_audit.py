"""shenbao manage verify_audit: check the audit log's hash chain; exit 1 at the first broken link."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shenbao.audit.integrity import verify_chain
from shenbao.audit.models import Action, AuditRecord
from shenbao.audit.services import record


class Command(BaseCommand):
    help = "校验审计日志的哈希链：记录被修改、删除或插入时报告第一处断裂，并以非零状态退出"

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        record(
            action=Action.AUDIT_VERIFY,
            intact=report.is_intact,
            checked=report.checked,
            broken=report.broken,
        )
        rebuilt = AuditRecord.objects.filter(action=Action.AUDIT_CHAIN_REBUILT).count()
        if rebuilt:
            self.stdout.write(
                f"注意：链头曾丢失并重建 {rebuilt} 次（见审计日志“{Action.AUDIT_CHAIN_REBUILT}”），此前末尾的删除无法发现"
            )
        if not report.is_intact:
            raise CommandError(f"审计日志不完整：{report.broken}（已核对 {report.checked} 条）")
        if report.checked:
            self.stdout.write(
                self.style.SUCCESS(
                    f"审计日志完整：第 {report.first_seq} 至第 {report.last_seq} 条，共 {report.checked} 条"
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS("审计日志完整：没有记录"))
