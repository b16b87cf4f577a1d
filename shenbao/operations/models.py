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


class RotationProgress(models.Model):
    """How far ``rotate_keys`` got with one model in one step toward one target, so a rerun continues.

    ``target`` names what the step moves to (the look-up key's fingerprint, or the current data
    key as ``cipher:key-id``); rows up to ``last_pk`` are done. Progress toward an older target is
    dropped when a step starts toward a new one.
    """

    step = models.CharField(max_length=20)
    model = models.CharField(max_length=100)
    target = models.CharField(max_length=100)
    last_pk = models.BigIntegerField(default=0)
    done = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["step", "model", "target"], name="one_progress_per_step_model_target"
            )
        ]

    def __str__(self) -> str:
        return f"{self.step} {self.model} → {self.target}: {'done' if self.done else self.last_pk}"
