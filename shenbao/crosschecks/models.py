"""Cross-check results and the history of persons supported before shenbao.

Cross-check findings live here, not in ``RosterRow.findings``: the roster engine rewrites
that field on every upload, and a cross-check finding names another claim, whose facts
each viewer may see differently (selectors.findings_for_rows decides). Rows are keyed by
the person's keyed hash (``id_hash``), the same HMAC the roster rows store.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from shenbao.domain.crosscheck import CROSS_LABELS, EMPLOYEES, TRAINEES

CODE_CHOICES = [(code.value, label) for code, label in CROSS_LABELS.items()]
KIND_CHOICES = [(EMPLOYEES, _("新录用员工（附件3）")), (TRAINEES, _("培训人员（附件4）"))]


class HistoryImport(models.Model):
    """One history file imported by the city admin."""

    file_name = models.CharField(_("文件名"), max_length=255)
    records = models.PositiveIntegerField(_("记录数"))
    added = models.PositiveIntegerField(_("新增记录数"))
    imported_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("历史支持记录导入")
        verbose_name_plural = _("历史支持记录导入")


class PastSupport(models.Model):
    """A person supported in a year before shenbao: only the keyed hash and the encrypted number are kept."""

    id_hash = models.CharField(_("证件号码查找键（HMAC）"), max_length=64, db_index=True)
    id_type = models.CharField(_("证件类型"), max_length=10)
    id_cipher = models.TextField(_("证件号码（加密）"))
    id_masked = models.CharField(_("证件号码（遮蔽）"), max_length=40)
    name = models.CharField(_("姓名"), max_length=100)
    organisation_name = models.CharField(_("单位名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类型"), max_length=20, choices=KIND_CHOICES)
    source = models.ForeignKey(HistoryImport, on_delete=models.PROTECT, related_name="supports")

    class Meta:
        ordering = ["year", "pk"]
        verbose_name = _("历史支持记录")
        verbose_name_plural = _("历史支持记录")
        constraints = [
            # Importing the same file twice adds nothing: one person, one year, one kind of support.
            models.UniqueConstraint(
                fields=["id_hash", "year", "kind"], name="one_past_support_per_year_and_kind"
            )
        ]


class CrossFinding(models.Model):
    """A cross-check finding on one roster row, naming the other claim or the past support it concerns."""

    row = models.ForeignKey("applications.RosterRow", on_delete=models.CASCADE, related_name="cross_findings")
    # Denormalised from ``row`` so the city's conflicts view filters without joining every row.
    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="cross_findings"
    )
    code = models.CharField(_("类别"), max_length=40, choices=CODE_CHOICES)
    other_row = models.ForeignKey(
        "applications.RosterRow", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    other_application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    past = models.ForeignKey(PastSupport, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    candidates = models.JSONField(_("相近的已注册企业"), default=list, blank=True)

    class Meta:
        ordering = ["row_id", "code", "pk"]
        verbose_name = _("跨单位核查结果")
        verbose_name_plural = _("跨单位核查结果")
        indexes = [models.Index(fields=["application", "code"])]
        constraints = [
            # Two refreshes at once (two uploads sharing persons) each replace the findings of the
            # same rows; the second one's writes skip what the first stored instead of doubling it.
            # Hiring-enterprise findings name no other claim: COALESCE makes their NULLs compare equal.
            models.UniqueConstraint(
                "row",
                "code",
                Coalesce("other_row", Value(0)),
                Coalesce("past", Value(0)),
                name="one_cross_finding_per_row_code_and_other",
            )
        ]
