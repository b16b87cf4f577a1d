"""Business figures of an enterprise per data year, with their source (附件5 counts only approved amounts)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class FiguresSource(models.TextChoices):
    # Values match shenbao.domain.catalog.FigureSource.
    SELF = "self", _("企业自报")
    STATISTICS = "statistics", _("商务部服务外包业务管理和统计系统审定")


class BusinessFigures(models.Model):
    """One enterprise's figures for one data year.

    Amounts are USD. JSON fields keep the shape ``parse_figures`` reads: ``export_usd``
    maps a category code to an amount string; ``certifications`` maps a code to a list of
    names and ``long_term_contracts`` a code to a bool (null: unknown); ``categories`` is a
    list of codes (null: unknown). Imported approved figures set the amounts and staff
    counts; the qualitative answers stay the enterprise's own.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="business_figures",
        verbose_name=_("企业"),
    )
    data_year = models.PositiveSmallIntegerField(_("数据年度"))
    revenue_usd = models.DecimalField(_("服务外包业务额（美元）"), max_digits=16, decimal_places=2)
    offshore_revenue_usd = models.DecimalField(
        _("向境外最终客户提供的服务外包业务额（美元）"), max_digits=16, decimal_places=2
    )
    export_usd = models.JSONField(_("各类别出口额（美元）"), default=dict, blank=True)
    staff = models.PositiveIntegerField(_("员工总数"), null=True, blank=True)
    staff_college = models.PositiveIntegerField(_("大专及以上学历员工数"), null=True, blank=True)
    certifications = models.JSONField(_("国际认证"), null=True, blank=True)
    long_term_contracts = models.JSONField(_("中长期服务外包业务合同"), null=True, blank=True)
    categories = models.JSONField(_("从事的服务外包类别"), null=True, blank=True)
    potential_fields = models.JSONField(_("潜力领域"), default=list, blank=True)
    source = models.CharField(_("数据来源"), max_length=20, choices=FiguresSource.choices)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("更新人"),
    )

    class Meta:
        ordering = ["organisation", "-data_year"]
        verbose_name = _("业务数据")
        verbose_name_plural = _("业务数据")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "data_year"], name="figures_one_per_year"),
        ]

    def __str__(self) -> str:
        return gettext("%(organisation)s %(year)s 年业务数据") % {
            "organisation": self.organisation,
            "year": self.data_year,
        }

    @property
    def is_approved(self) -> bool:
        return self.source == FiguresSource.STATISTICS
