"""AuditRecord: append-only; kept at least six months (Cybersecurity Law art. 21)."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
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
}


class AppendOnlyError(RuntimeError):
    """Audit records are never changed and never deleted (except by prune_before, after retention)."""


class AuditQuerySet(models.QuerySet["AuditRecord"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit records are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit records are never deleted; use prune_before after the retention period")

    def prune_before(self, cutoff: datetime, *, now: datetime | None = None) -> int:
        """Delete records older than ``cutoff``; refuses a cutoff inside the legal minimum."""
        now = now or timezone.now()
        if cutoff > now - MINIMUM_RETENTION:
            raise AppendOnlyError(
                f"audit records must be kept at least {MINIMUM_RETENTION.days} days; "
                f"refusing to delete anything after {(now - MINIMUM_RETENTION):%Y-%m-%d}"
            )
        doomed = AuditRecord.objects.filter(at__lt=cutoff)
        return int(doomed._raw_delete(doomed.db))


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

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计日志")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or not self._state.adding:
            raise AppendOnlyError("audit records are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit records are never deleted")

    @property
    def role_label(self) -> str:
        return str(Role(self.actor_role).label) if self.actor_role in Role.values else self.actor_role

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))
