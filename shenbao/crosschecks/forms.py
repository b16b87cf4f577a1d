from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shenbao.calls.models import Call
from shenbao.crosschecks.models import CODE_CHOICES
from shenbao.directory.models import Authority


class ConflictFilterForm(forms.Form):
    authority = forms.ModelChoiceField(
        label=_("受理部门"),
        queryset=Authority.objects.order_by("number"),
        required=False,
        empty_label=_("全部"),
    )
    call = forms.ModelChoiceField(
        label=_("申报批次"), queryset=Call.objects.all(), required=False, empty_label=_("全部")
    )
    code = forms.ChoiceField(label=_("类别"), choices=[("", _("全部")), *CODE_CHOICES], required=False)


class HistoryImportForm(forms.Form):
    file = forms.FileField(
        label=_("历史支持记录（.xlsx）"),
        help_text=_(
            "列：证件类型、证件号码、姓名、单位名称、年度、类型（新录用员工/培训人员）。有任何错误时不导入任何记录；重复导入同一文件不会增加记录。"
        ),
    )
