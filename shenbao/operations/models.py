"""PurgeRecord: which call's personal data was purged, when, by whom, and how much."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PurgeRecord(models.Model):
    call = models.OneToOneField(
        "calls.Call", on_delete=models.PROTECT, related_name="purge_record", verbose_name=_("申报批次")
    )
    purged_at = models.DateTimeField(_("清除时间"), auto_now_add=True)
    purged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    applications = models.PositiveIntegerField(_("涉及申报数"), default=0)
    rows_cleared = models.PositiveIntegerField(_("清除的花名册行数"), default=0)
    files_deleted = models.PositiveIntegerField(_("删除的文件数"), default=0)

    class Meta:
        ordering = ["-purged_at"]
        verbose_name = _("个人信息清除记录")
        verbose_name_plural = _("个人信息清除记录")

    def __str__(self) -> str:
        return f"{self.call} {self.purged_at:%Y-%m-%d}"
