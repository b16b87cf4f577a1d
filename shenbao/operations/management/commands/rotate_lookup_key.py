"""shenbao manage rotate_lookup_key: after SHENBAO_LOOKUP_KEY changed, recompute every ID look-up hash."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shenbao.audit.models import Action
from shenbao.audit.services import record
from shenbao.domain.personal import ProtectionError
from shenbao.operations.rehash import BATCH_SIZE, rehash_lookup
from shenbao.personal_data import protector


class Command(BaseCommand):
    help = (
        "更换 SHENBAO_LOOKUP_KEY 后，用新密钥重新计算所有证件号码查找键。"
        "运行前请停止网站和后台任务：计算期间新旧查找键并存，交叉核查会对不上。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="每批写入的行数")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            changed = rehash_lookup(protector=protector(), batch_size=options["batch_size"])
        except ProtectionError as exc:
            raise CommandError(f"无法重新计算查找键：{exc}") from None
        for label, count in sorted(changed.items()):
            self.stdout.write(f"{label}：重新计算 {count} 条")
        record(action=Action.ROTATE_LOOKUP_KEY, rehashed=dict(changed))
        self.stdout.write(self.style.SUCCESS(f"完成：共重新计算 {sum(changed.values())} 条"))
