"""Reviewer and city forms; each carries the version of what the page showed."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shenbao.applications.labels import lazy_status_labels
from shenbao.applications.models import ApplicationKind, RosterRow
from shenbao.directory.models import Authority
from shenbao.domain.workflow import Status
from shenbao.form_fields import DB_INT_MAX, date_field, version_field
from shenbao.reviews.services import Reason

DECISIONS = [
    (RosterRow.Decision.ELIGIBLE.value, _("符合")),
    (RosterRow.Decision.INELIGIBLE.value, _("不符合")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部"))]
        + [(value, label) for value, label in lazy_status_labels() if value != Status.DRAFT],
    )
    kind = forms.ChoiceField(
        label=_("申报类型"), required=False, choices=[("", _("全部")), *ApplicationKind.choices]
    )


class VersionForm(forms.Form):
    version = version_field()


class RowDecisionForm(forms.Form):
    version = version_field()
    decision = forms.ChoiceField(label=_("审核结论"), choices=DECISIONS)
    reason = forms.CharField(label=_("原因（不符合时必填）"), max_length=300, required=False)


class FilterDecisionForm(forms.Form):
    """One decision for every person without findings in the current filter (confirmed with its count)."""

    show = forms.CharField(widget=forms.HiddenInput, required=False)
    kind = forms.CharField(widget=forms.HiddenInput, required=False, max_length=60)
    sort = forms.CharField(widget=forms.HiddenInput, required=False)
    decision = forms.ChoiceField(label=_("审核结论"), choices=DECISIONS)
    reason = forms.CharField(label=_("原因（不符合时必填）"), max_length=300, required=False)


class ReceiptForm(VersionForm):
    paper_volumes_received = forms.IntegerField(label=_("实收纸质材料册数（本）"), min_value=0, max_value=999)
    materials_complete = forms.TypedChoiceField(
        label=_("电子版材料是否齐全"),
        choices=[("yes", _("是")), ("no", _("否"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    review_remarks = forms.CharField(label=_("备注（列入汇总表）"), max_length=500, required=False)


ROW_REASON = re.compile(r"^\s*第?\s*(\d+)\s*行?\s*[:：、,，\s]\s*(.+)$")


class ReturnForm(VersionForm):
    general_reason = forms.CharField(
        label=_("整体退回原因"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    row_reasons = forms.CharField(
        label=_("按行退回原因"),
        help_text=_("每行一条，格式“行号：原因”，如“12：入职日期不在计入范围”。行号为花名册表格中的行号。"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    deadline = date_field(label=_("补正截止日期"), widget=DateInput(), required=False)

    def clean_row_reasons(self) -> list[Reason]:
        reasons = []
        for number, line in enumerate(self.cleaned_data["row_reasons"].splitlines(), start=1):
            if not line.strip():
                continue
            match = ROW_REASON.match(line)
            if match is None:
                raise forms.ValidationError(
                    gettext("第 %(number)s 条写法不对，请写成“行号：原因”。") % {"number": number}
                )
            if int(match.group(1)) > DB_INT_MAX:
                raise forms.ValidationError(
                    gettext("第 %(number)s 条的行号不在花名册中，请核对行号。") % {"number": number}
                )
            reasons.append(Reason(match.group(2).strip(), int(match.group(1))))
        return reasons

    def reasons(self) -> list[Reason]:
        general = str(self.cleaned_data["general_reason"]).strip()
        pinned: list[Reason] = self.cleaned_data["row_reasons"]
        return ([Reason(general)] if general else []) + pinned


class ReasonForm(VersionForm):
    reason = forms.CharField(
        label=_("原因"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000, required=False
    )


class AcceptForm(VersionForm):
    """Accepting asks for what the findings need answered (flow.needs): a catalog reason, the volumes."""

    def __init__(self, *args: object, needs: frozenset[str] = frozenset(), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if "override_reason" in needs:
            self.fields["override_reason"] = forms.CharField(
                label=_("仍予通过的理由（该企业未列入指导目录或没有业务数据）"),
                max_length=500,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        if "volumes_acknowledged" in needs:
            self.fields["volumes_acknowledged"] = forms.BooleanField(
                label=_("已知悉实收纸质材料册数与申报单位填报的不一致"), required=False
            )

    def value(self, name: str) -> object:
        return self.cleaned_data.get(name) or ("" if name == "override_reason" else False)


class PayForm(VersionForm):
    paid_on = forms.DateField(label=_("拨付日期"), widget=DateInput(), required=False)
    amount = forms.DecimalField(
        label=_("拨付金额（元）"),
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text=_("不超过审定金额。"),
    )
    voucher = forms.CharField(label=_("拨付凭证号"), max_length=100, required=False)


class PublishForm(forms.Form):
    starts_on = date_field(label=_("公示期开始日期"), widget=DateInput(), required=False)
    ends_on = date_field(label=_("公示期结束日期"), widget=DateInput(), required=False)
    contact = forms.CharField(
        label=_("异议受理联系方式"),
        max_length=200,
        required=False,
        help_text=_("如：市商务委服务贸易处，电话 021-23110000"),
    )


class ReportForm(forms.Form):
    call = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=DB_INT_MAX)


class MoveForm(VersionForm):
    authority = forms.ModelChoiceField(label=_("移交至主管部门"), queryset=Authority.objects.all())
    comment = forms.CharField(label=_("说明"), max_length=300, required=False)


class MoveOrganisationForm(forms.Form):
    authority = forms.ModelChoiceField(label=_("改属主管部门"), queryset=Authority.objects.all())
    comment = forms.CharField(label=_("说明"), max_length=300, required=False)
