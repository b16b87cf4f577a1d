from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("申报单位用户")
    REVIEWER = "reviewer", _("区主管部门审核人员")
    CITY_ADMIN = "city_admin", _("市级管理员")
    # Separation of duties (MLPS 2.0 level 3): sign-in records and security events are read by an
    # auditor who administers nothing, not by the city admin.
    SECURITY_AUDITOR = "security_auditor", _("安全审计员")


class User(AbstractUser):
    """A person who signs in. Applicants belong to one organisation, reviewers to one authority."""

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.APPLICANT)
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("所属单位"),
    )
    authority = models.ForeignKey(
        "directory.Authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewers",
        verbose_name=_("所属主管部门"),
    )
    # Demo accounts of `make run` skip the second factor (and say so on every sign-in).
    otp_exempt = models.BooleanField(_("免双因素认证（演示账号）"), default=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            # Scope follows role: nobody is both an applicant and a reviewer.
            models.CheckConstraint(
                name="user_scope_matches_role",
                condition=(
                    Q(role=Role.APPLICANT, organisation__isnull=False, authority__isnull=True)
                    | Q(role=Role.REVIEWER, organisation__isnull=True, authority__isnull=False)
                    | Q(role=Role.CITY_ADMIN, organisation__isnull=True, authority__isnull=True)
                    | Q(role=Role.SECURITY_AUDITOR, organisation__isnull=True, authority__isnull=True)
                ),
            )
        ]

    @property
    def is_applicant(self) -> bool:
        return self.role == Role.APPLICANT

    @property
    def is_reviewer(self) -> bool:
        return self.role == Role.REVIEWER

    @property
    def is_city_admin(self) -> bool:
        return self.role == Role.CITY_ADMIN

    @property
    def is_security_auditor(self) -> bool:
        return self.role == Role.SECURITY_AUDITOR

    @property
    def display_name(self) -> str:
        return self.full_name or self.username
