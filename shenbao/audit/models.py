"""AuditRecord: append-only, hash-chained (chain.py); kept at least six months (Cybersecurity Law art. 21)."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shenbao.accounts.models import Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Cybersecurity Law art. 21(3): network logs are kept no less than six months.
MINIMUM_RETENTION = timedelta(days=180)


class Action(StrEnum):
    LOGIN = "login"
    LOGOUT = "logout"
    LOGIN_FAILED = "login_failed"
    OTP_FAILED = "otp_failed"
    OTP_VERIFIED = "otp_verified"
    OTP_ENROLLED = "otp_enrolled"
    RECOVERY_CODES_ISSUED = "recovery_codes_issued"
    DECISION = "decision"
    EXPORT = "export"
    VIEW_FULL_ID = "view_full_id"
    AUDIT_EXPORT = "audit_export"
    AUDIT_PRUNE = "audit_prune"
    PURGE_PERSONAL_DATA = "purge_personal_data"
    ROTATE_KEYS = "rotate_keys"
    ROTATE_LOOKUP_KEY = "rotate_lookup_key"
    BACKUP = "backup"
    RESTORE = "restore"
    ROLE_CHANGED = "role_changed"
    AUDIT_VERIFY = "audit_verify"
    AUDIT_CHAIN_REBUILT = "audit_chain_rebuilt"
    DELETE_STALE_FILE = "delete_stale_file"


ACTION_LABELS: dict[str, StrOrPromise] = {
    Action.LOGIN: _("登录"),
    Action.LOGOUT: _("退出"),
    Action.LOGIN_FAILED: _("登录失败"),
    Action.OTP_FAILED: _("动态验证码错误"),
    Action.OTP_VERIFIED: _("通过双因素认证"),
    Action.OTP_ENROLLED: _("启用双因素认证"),
    Action.RECOVERY_CODES_ISSUED: _("生成恢复码"),
    Action.DECISION: _("审核决定"),
    Action.EXPORT: _("导出"),
    Action.VIEW_FULL_ID: _("查看完整证件号码"),
    Action.AUDIT_EXPORT: _("导出审计日志"),
    Action.AUDIT_PRUNE: _("清理过期审计日志"),
    Action.PURGE_PERSONAL_DATA: _("清除过期个人信息"),
    Action.ROTATE_KEYS: _("轮换数据密钥"),
    Action.ROTATE_LOOKUP_KEY: _("更换证件号码查找密钥"),
    Action.BACKUP: _("备份"),
    Action.RESTORE: _("恢复"),
    Action.ROLE_CHANGED: _("账号角色变更"),
    Action.AUDIT_VERIFY: _("校验审计日志完整性"),
    Action.AUDIT_CHAIN_REBUILT: _("审计日志链头丢失后重建"),
    Action.DELETE_STALE_FILE: _("删除滞留的上传文件"),
}


class AppendOnlyError(RuntimeError):
    """Audit records are never changed and never deleted (except by prune_before, after retention)."""


class AuditQuerySet(models.QuerySet["AuditRecord"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit records are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit records are never deleted; use prune_before after the retention period")

    def bulk_create(self, *args: Any, **kwargs: Any) -> list[AuditRecord]:
        raise AppendOnlyError("audit records are appended one by one, each linked to the one before")

    def prune_before(self, cutoff: datetime, *, now: datetime | None = None) -> int:
        """Delete the oldest records, all before ``cutoff``; refuses a cutoff inside the legal minimum.

        What goes is a prefix of the chain (the records before the first one at or after the
        cutoff), and the head keeps the last deleted link as its anchor, so what stays verifies.
        """
        now = now or timezone.now()
        if cutoff > now - MINIMUM_RETENTION:
            raise AppendOnlyError(
                f"audit records must be kept at least {MINIMUM_RETENTION.days} days; "
                f"refusing to delete anything after {(now - MINIMUM_RETENTION):%Y-%m-%d}"
            )
        with transaction.atomic(using=self.db):
            head = AuditChainHead.locked()
            if not head.is_sealed():
                raise AppendOnlyError("the audit log's head was altered: run verify_audit before pruning")
            first_kept = (
                AuditRecord.objects.filter(seq__isnull=False, at__gte=cutoff)
                .order_by("seq")
                .values_list("seq", flat=True)
                .first()
            )
            last_gone = first_kept - 1 if first_kept is not None else head.seq
            if last_gone <= head.anchor_seq:
                return 0
            anchor = AuditRecord.objects.filter(seq=last_gone).values_list("chain", flat=True).first()
            if anchor is None:
                raise AppendOnlyError(f"the chain has no record {last_gone}: run verify_audit before pruning")
            doomed = AuditRecord.objects.filter(seq__lte=last_gone)
            deleted = int(doomed._raw_delete(doomed.db))
            head.anchor_seq, head.anchor_chain = last_gone, anchor
            head.seal()
            return deleted


class AuditChainHead(models.Model):
    """The end of the chain (one row): the last link, and the anchor the oldest kept record links to.

    Appends lock this row, so concurrent writers take turns and the chain never forks. Its own
    HMAC (``mac``) means the end cannot be moved back to hide records deleted from the tail.
    """

    seq = models.BigIntegerField(default=0)
    chain = models.CharField(max_length=120, blank=True)
    anchor_seq = models.BigIntegerField(default=0)
    anchor_chain = models.CharField(max_length=120, blank=True)
    mac = models.CharField(max_length=120, blank=True)

    class Meta:
        verbose_name = _("审计日志链头")
        verbose_name_plural = _("审计日志链头")

    def __str__(self) -> str:
        return f"{self.seq} ({self.anchor_seq + 1}–{self.seq})"

    @classmethod
    def locked(cls) -> AuditChainHead:
        """The head, locked until the transaction ends; made if missing (a new or flushed database)."""
        existing = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if existing is not None:
            return existing
        first = AuditRecord.objects.filter(seq__isnull=False).order_by("seq").first()
        last = AuditRecord.objects.filter(seq__isnull=False).order_by("-seq").first()
        head = AuditChainHead(pk=1)
        if first is not None and last is not None:
            # Records exist but their head is gone: continue from the last one, trusting the first.
            head.anchor_seq, head.anchor_chain = first.seq or 0, first.chain
            head.seq, head.chain = last.seq or 0, last.chain
        try:
            with transaction.atomic():
                head.seal(create=True)
        except IntegrityError:  # another writer made it first
            return AuditChainHead.objects.select_for_update().get(pk=1)
        if last is not None:
            AuditRecord(action=Action.AUDIT_CHAIN_REBUILT, detail={"from_seq": head.seq}).save()
            head.refresh_from_db()
        return head

    def is_sealed(self) -> bool:
        from shenbao.audit.chain import head_message, is_valid_link

        return is_valid_link(
            self.mac, "", head_message(self.seq, self.chain, self.anchor_seq, self.anchor_chain)
        )

    def seal(self, *, create: bool = False) -> None:
        from shenbao.audit.chain import head_message, link

        self.mac = link("", head_message(self.seq, self.chain, self.anchor_seq, self.anchor_chain))
        self.save(force_insert=create)


class AuditRecord(models.Model):
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    # The actor's name and role are copied so a record still says who it was if the account goes.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    actor_name = models.CharField(_("操作人账号"), max_length=150, blank=True, db_index=True)
    actor_role = models.CharField(_("角色"), max_length=20, blank=True)
    action = models.CharField(_("操作"), max_length=50, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    application_reference = models.CharField(_("申报编号"), max_length=30, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    # Position in the hash chain and the link (HMAC over the previous link and this record).
    seq = models.BigIntegerField(_("序号"), null=True, unique=True, editable=False)
    chain = models.CharField(_("链值"), max_length=120, blank=True, editable=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计日志")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Append: take the next position after the locked head and link to it."""
        from shenbao.audit.chain import canonical, json_value, link

        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError("audit records are append-only")
        # What the database will give back, so the link verifies on reading.
        self.detail = json_value(self.detail)
        self.ip = self._meta.get_field("ip").get_prep_value(self.ip) or None
        with transaction.atomic():
            head = AuditChainHead.locked()
            # Past any record slipped in behind the head's back: the log goes on (sign-ins must not
            # stop) and verify_audit still reports the intruder, whose link does not verify.
            top = AuditRecord.objects.aggregate(top=models.Max("seq"))["top"] or 0
            self.seq = max(head.seq, top) + 1
            self.chain = link(head.chain, canonical(self))
            intact = head.is_sealed()
            super().save(*args, **kwargs)
            head.seq, head.chain = self.seq, self.chain
            if intact:
                head.seal()
            else:  # a head altered in the database stays unsealed: verify_audit keeps reporting it
                head.save(update_fields=["seq", "chain"])

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit records are never deleted")

    @property
    def role_label(self) -> str:
        return str(Role(self.actor_role).label) if self.actor_role in Role.values else self.actor_role

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))
