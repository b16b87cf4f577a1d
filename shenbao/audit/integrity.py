"""verify_chain(): walk the audit log's hash chain and report the first broken link."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Min

from shenbao.audit.chain import canonical, chain_keys, head_message, is_valid_link
from shenbao.audit.models import AuditChainHead, AuditRecord


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_seq: int
    last_seq: int
    broken: str = ""  # the first broken link, in words; empty when the chain holds
    broken_pk: int | None = None

    @property
    def is_intact(self) -> bool:
        return not self.broken


def _describe(record: AuditRecord) -> str:
    return f"第 {record.seq} 条（编号 {record.pk}，{record.at:%Y-%m-%d %H:%M:%S}，{record.action}）"


def verify_chain() -> ChainReport:
    """Every kept record in order: contiguous positions from the anchor to the head, every link valid."""
    keys = chain_keys()
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None:
        if AuditRecord.objects.exists():
            return ChainReport(0, 0, 0, "链头缺失：审计日志的末尾无法核对（链头记录被删除）")
        return ChainReport(0, 0, 0)
    if not is_valid_link(
        head.mac, "", head_message(head.seq, head.chain, head.anchor_seq, head.anchor_chain), keys
    ):
        return ChainReport(0, head.anchor_seq + 1, head.seq, "链头被改动（其校验值不符）")
    stray = AuditRecord.objects.filter(seq__isnull=True).order_by("pk").first()
    if stray is not None:
        return ChainReport(0, 0, 0, f"编号 {stray.pk} 的记录不在链上：绕过系统直接插入", stray.pk)
    if (
        lowest := AuditRecord.objects.aggregate(lowest=Min("seq"))["lowest"]
    ) is not None and lowest <= head.anchor_seq:
        record = AuditRecord.objects.get(seq=lowest)
        return ChainReport(
            0, 0, 0, f"{_describe(record)}早于保留起点（第 {head.anchor_seq + 1} 条），是插入的", record.pk
        )
    expected, previous, checked = head.anchor_seq + 1, head.anchor_chain, 0
    for record in AuditRecord.objects.order_by("seq").iterator(chunk_size=2000):
        if record.seq != expected:
            return ChainReport(
                checked, head.anchor_seq + 1, expected - 1, f"缺少第 {expected} 条记录（被删除）", record.pk
            )
        if not is_valid_link(record.chain, previous, canonical(record), keys):
            return ChainReport(
                checked,
                head.anchor_seq + 1,
                expected - 1,
                f"{_describe(record)}被改动，或不是系统写入的",
                record.pk,
            )
        previous, expected, checked = record.chain, expected + 1, checked + 1
    if expected - 1 < head.seq:
        return ChainReport(
            checked,
            head.anchor_seq + 1,
            expected - 1,
            f"链头记到第 {head.seq} 条，实际只到第 {expected - 1} 条：末尾的记录被删除",
        )
    if expected - 1 > head.seq or previous != head.chain:
        return ChainReport(
            checked,
            head.anchor_seq + 1,
            expected - 1,
            f"第 {head.seq} 条之后还有记录，或最后一条与链头不符：是插入的",
        )
    return ChainReport(checked, head.anchor_seq + 1, head.seq)
