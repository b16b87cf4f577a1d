"""shenbao manage purge_personal_data: purge the personal data of calls past SHENBAO_RETENTION_YEARS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shenbao.applications.labels import refusal_text
from shenbao.calls.models import Call
from shenbao.domain.workflow import TransitionNotAllowed
from shenbao.operations.retention import purge_call, purgeable_calls, retention_cutoff


class Command(BaseCommand):
    help = "清除受理截止已满保存年限（SHENBAO_RETENTION_YEARS）的申报批次中的个人信息；单位、人数和金额保留"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, action="append", help="只清除这一年度的批次（可重复）")
        parser.add_argument("--yes", action="store_true", help="确认执行；不加则只列出将被清除的批次")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        calls = purgeable_calls(on=today)
        if options["year"]:
            wanted = set(options["year"])
            for year in wanted - {c.year for c in calls}:
                call = Call.objects.filter(year=year).first()
                reason = "不存在" if call is None else "未超过保存期限或已清除"
                raise CommandError(f"{year} 年度批次{reason}（截止日期须早于 {retention_cutoff(on=today)}）")
            calls = [c for c in calls if c.year in wanted]
        if not calls:
            self.stdout.write("没有需要清除的申报批次")
            return
        if not options["yes"]:
            for call in calls:
                self.stdout.write(f"将清除：{call}（受理截止 {call.closes_on}）")
            self.stdout.write("加 --yes 执行清除")
            return
        for call in calls:
            try:
                result = purge_call(call=call, by=None, on=today)
            except TransitionNotAllowed as refusal:
                raise CommandError(refusal_text(refusal)) from None
            self.stdout.write(
                f"{call}：{result.applications} 个申报，清除 {result.rows_cleared} 行花名册，删除 {result.files_deleted} 个文件"
            )
