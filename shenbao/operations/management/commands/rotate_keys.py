"""shenbao manage rotate_keys: re-encrypt every ID number with the first key of SHENBAO_DATA_KEYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shenbao.audit.models import Action
from shenbao.audit.services import record
from shenbao.domain.personal import ProtectionError
from shenbao.operations.rotation import BATCH_SIZE, rotate_keys
from shenbao.personal_data import protector


class Command(BaseCommand):
    help = (
        "用 SHENBAO_DATA_KEYS 中的第一个密钥重新加密所有证件号码（其余密钥用于解密旧数据）；"
        "完成后即可从 SHENBAO_DATA_KEYS 中移除旧密钥"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help="每批处理的行数（每批一个事务）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            current = protector()
            report = rotate_keys(protector=current, batch_size=options["batch_size"])
        except ProtectionError as exc:
            raise CommandError(f"无法轮换密钥：{exc}") from None
        self.stdout.write(f"当前密钥：{current.current}")
        for label, counts in report.rotated.items():
            moved = "，".join(f"{key_id} → {current.current}：{n}" for key_id, n in sorted(counts.items()))
            self.stdout.write(
                f"{label}：已重新加密 {sum(counts.values())} 条（{moved or '无'}），"
                f"原本已是当前密钥 {report.current[label]} 条"
            )
        record(
            action=Action.ROTATE_KEYS,
            key_id=current.current,
            rotated={label: dict(counts) for label, counts in report.rotated.items()},
        )
        self.stdout.write(self.style.SUCCESS(f"完成：共重新加密 {report.total_rotated} 条"))
