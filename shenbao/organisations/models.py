from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("服务外包企业")
    INSTITUTION = "institution", _("培训机构")


class OrganisationStatus(models.TextChoices):
    PENDING = "pending", _("待区主管部门确认")
    CONFIRMED = "confirmed", _("已确认")
    REJECTED = "rejected", _("未通过确认")


def licence_path(instance: Organisation, filename: str) -> str:
    # The user's file name is never part of the stored path.
    return f"licences/{instance.org_code}/licence"


class Organisation(models.Model):
    """An enterprise or training institution that applies."""

    kind = models.CharField(_("单位类型"), max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(_("单位全称"), max_length=100)
    code = models.CharField(_("统一社会信用代码/组织机构代码"), max_length=18, unique=True)
    # The GB 11714 organisation code: itself for a legacy code, characters 9-17 of a credit code.
    # Unique, so one organisation cannot register twice under its old and new codes.
    org_code = models.CharField(_("组织机构代码"), max_length=9, unique=True)
    authority = models.ForeignKey(
        "directory.Authority",
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("所属主管部门"),
    )
    contact_name = models.CharField(_("联系人"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=30)
    contact_email = models.EmailField(_("电子邮箱"))
    licence = models.FileField(_("营业执照（办学许可证）扫描件"), upload_to=licence_path, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=OrganisationStatus.choices, default=OrganisationStatus.PENDING
    )
    status_comment = models.CharField(_("确认意见"), max_length=200, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("确认人"),
    )
    created_at = models.DateTimeField(_("注册时间"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("申报单位")
        verbose_name_plural = _("申报单位")

    def __str__(self) -> str:
        return self.name

    @property
    def is_confirmed(self) -> bool:
        return self.status == OrganisationStatus.CONFIRMED

    @property
    def is_pending(self) -> bool:
        return self.status == OrganisationStatus.PENDING

    @property
    def is_rejected(self) -> bool:
        return self.status == OrganisationStatus.REJECTED
