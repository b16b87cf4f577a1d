from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Authority(models.Model):
    """A district (or zone) authority of 附件1 that receives applications."""

    number = models.PositiveSmallIntegerField(_("序号"), unique=True)
    name = models.CharField(_("部门名称"), max_length=20)
    area_name = models.CharField(
        _("区域全称"), max_length=30, help_text=_("用于附件2汇总表标题，如“浦东新区”“漕河泾开发区”")
    )
    office = models.CharField(_("处室名称"), max_length=50)
    contact = models.CharField(_("联系人"), max_length=30)
    phone = models.CharField(
        _("联系电话"), max_length=60, help_text=_("多个号码用顿号分隔，分机号写在连字符后")
    )
    address = models.CharField(_("地址"), max_length=200)
    # The shipped values last loaded, so a reload can tell an admin's edit from stale data.
    loaded_values = models.JSONField(default=dict, editable=False)

    class Meta:
        ordering = ["number"]
        verbose_name = _("主管部门")
        verbose_name_plural = _("主管部门")

    def __str__(self) -> str:
        return f"{self.name}（{self.office}）"
