from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shenbao.domain.support import ceilings


class Call(models.Model):
    """One year's call for applications (申报批次)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    edition = models.CharField(_("指导目录版本"), max_length=10, default="2016")
    opens_on = models.DateField(_("受理开始日期"))
    closes_on = models.DateField(
        _("受理截止日期"), help_text=_("含当日（上海时间）；截止后不再受理首次提交，退回补正不受影响")
    )
    hired_from = models.DateField(_("入职日期起"), help_text=_("此日期（含）之后入职的人员计入"))
    hired_to = models.DateField(_("入职日期止"), help_text=_("此日期（含）之前入职的人员计入"))
    reference_date = models.DateField(_("在职时长计算基准日"))
    standard_employees = models.DecimalField(
        _("企业新录用员工支持标准（元/人）"),
        max_digits=8,
        decimal_places=2,
        default=ceilings()["employees"],
        validators=[MinValueValidator(Decimal("0"))],
    )
    standard_trainees = models.DecimalField(
        _("培训机构培训人员支持标准（元/人）"),
        max_digits=8,
        decimal_places=2,
        default=ceilings()["trainees"],
        validators=[MinValueValidator(Decimal("0"))],
    )
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    publicity_starts_on = models.DateField(_("公示期开始日期"), null=True, blank=True)
    publicity_ends_on = models.DateField(_("公示期结束日期"), null=True, blank=True)
    publicity_contact = models.CharField(_("异议受理联系方式"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("申报批次")
        verbose_name_plural = _("申报批次")

    def __str__(self) -> str:
        return gettext("%(year)s年度") % {"year": self.year}

    def is_open(self, on: date) -> bool:
        return self.opens_on <= on <= self.closes_on

    def standard_for(self, kind: str) -> Decimal:
        return self.standard_employees if kind == "employees" else self.standard_trainees
