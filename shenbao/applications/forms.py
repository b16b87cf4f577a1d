"""Forms of the applicant's pages; they only shape input, the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shenbao.domain.roster import ROSTER_COLUMNS, RosterKind
from shenbao.form_fields import version_field

ROSTER_ACCEPT = ".xlsx,.xls,.ods,.csv"


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("花名册文件"),
        help_text=_("使用官方模板填写，支持 .xlsx、.xls、.ods、.csv；上传后会替换当前花名册。"),
        widget=forms.ClearableFileInput(attrs={"accept": ROSTER_ACCEPT}),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("电子版材料"),
        help_text=_("PDF、JPG 或 PNG，每个文件不超过 10 MB；按文件内容判断类型。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class DetailsForm(forms.Form):
    paper_volumes = forms.IntegerField(
        label=_("纸质材料册数（本）"),
        min_value=0,
        max_value=999,
        help_text=_("将报送主管部门的纸质材料册数。"),
    )
    remarks = forms.CharField(
        label=_("备注"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SubmitForm(forms.Form):
    version = version_field()
    declaration = forms.BooleanField(
        label=_(
            "本单位已告知花名册中的每一位人员：其姓名、证件号码等信息将提交主管部门，仅用于本次服务外包培训支持申报的审核。"
        ),
        required=True,
        error_messages={"required": _("请确认已告知名单中的人员其信息将用于本次申报。")},
    )


class VersionForm(forms.Form):
    version = version_field()


class RowForm(forms.Form):
    """Every column of one roster row; the ID number is shown in full to the applicant who sent it."""

    version = version_field()

    def __init__(self, *args: object, kind: RosterKind, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for column in ROSTER_COLUMNS[kind]:
            if column.name == "序号":
                continue
            hint = (
                gettext("可填：%(values)s") % {"values": "/".join(column.allowed)} if column.allowed else ""
            )
            if column.is_date:
                hint = gettext("例如 2016-03-01")
            self.fields[column.name] = forms.CharField(label=column.name, required=False, help_text=hint)

    def changed_values(self, before: dict[str, str]) -> dict[str, str]:
        """The cells whose text differs from the row as it was shown."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "version" and value.strip() != before.get(name, "")
        }
