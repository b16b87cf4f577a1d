"""shenbao manage rotate_keys: every ID number, look-up hash and stored file under the current key and profile."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shenbao.audit.models import Action
from shenbao.audit.services import record
from shenbao.domain.personal import ProtectionError
from shenbao.operations.rotation import BATCH_SIZE, rotate_keys
from shenbao.personal_data import protector

FILE_OUTCOMES = {
    "rewrapped": "重新封装密钥",
    "resealed": "按新算法重新加密",
    "sealed": "加密（原为明文）",
    "current": "已是当前密钥",
    "missing": "存储中已不存在",
    "changed meanwhile": "期间已被替换",
}
PROFILES = {"aes": "AES-256-GCM + HMAC-SHA-256", "sm": "国密 SM4-GCM + HMAC-SM3"}


class Command(BaseCommand):
    help = (
        "用当前配置（SHENBAO_CRYPTO 及其第一个数据密钥）重新加密所有证件号码、重新计算查找键并重新封装上传文件；"
        "可中断后重跑，从中断处继续。完成且没有剩余后，才可从配置中移除旧密钥。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help="每批处理的行数（每批一个事务）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            current = protector()
            self.stdout.write(
                f"配置：{PROFILES[current.profile]}，当前密钥 {current.current_prefix.rstrip(':')}"
            )
            report = rotate_keys(protector=current, batch_size=options["batch_size"])
        except ProtectionError as exc:
            raise CommandError(f"无法轮换密钥：{exc}（旧密钥仍须保留在配置中直到轮换完成）") from None
        target = current.current_prefix.rstrip(":")
        for label, counts in report.rotated.items():
            moved = "，".join(f"{old} → {target}：{n}" for old, n in sorted(counts.items()))
            self.stdout.write(
                f"{label}：已重新加密 {sum(counts.values())} 条（{moved or '无'}），"
                f"原本已是当前密钥 {report.current[label]} 条"
            )
        for label, count in sorted(report.rehashed.items()):
            self.stdout.write(f"{label}：重新计算查找键 {count} 条")
        for label, outcomes in report.files.items():
            described = "，".join(f"{FILE_OUTCOMES.get(k, k)} {n}" for k, n in sorted(outcomes.items()))
            self.stdout.write(f"{label}：{described or '没有文件'}")
        record(
            action=Action.ROTATE_KEYS,
            profile=str(current.profile),
            key_id=target,
            lookup=current.lookup_fingerprint,
            rotated={label: dict(counts) for label, counts in report.rotated.items()},
            rehashed=dict(report.rehashed),
            files={label: dict(counts) for label, counts in report.files.items()},
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"完成：共重新加密 {report.total_rotated} 条，重新计算查找键 {sum(report.rehashed.values())} 条"
            )
        )
