"""A file the worker builds for one user, kept (encrypted, through the default storage) for a while."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


def download_path(instance: Download, filename: str) -> str:
    # Never the file's display name: it may hold an organisation's name.
    return f"downloads/{instance.token}"


class Download(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("正在生成")
        DONE = "done", _("已生成")
        FAILED = "failed", _("生成失败")
        EXPIRED = "expired", _("已过期删除")

    token = models.CharField(max_length=32, unique=True)
    owner = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)  # a registered builder (downloads.registry)
    params = models.JSONField(default=dict)
    label = models.CharField(_("文件"), max_length=200)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=download_path, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "state"]), models.Index(fields=["expires_at"])]

    def is_available(self, now: datetime) -> bool:
        return self.state == self.State.DONE and self.expires_at is not None and now < self.expires_at
