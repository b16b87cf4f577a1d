from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Summary(models.Model):
    """An authority's 附件2 summary as reported to the city: the applications it lists point here."""

    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="summaries")
    authority = models.ForeignKey("directory.Authority", on_delete=models.PROTECT, related_name="summaries")
    reported_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("汇总表")
        verbose_name_plural = _("汇总表")
