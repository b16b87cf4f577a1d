from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shenbao.accounts.forms import NewAccountForm
from shenbao.directory.models import Authority
from shenbao.domain.identity import InvalidIdentifier, OrganisationCode, parse_organisation_code
from shenbao.organisations.models import Organisation, OrganisationKind
from shenbao.uploads import check_attachment


class RegistrationForm(NewAccountForm):
    """An organisation and its first user, in one form."""

    field_order = [
        "kind",
        "name",
        "code",
        "authority",
        "contact_name",
        "contact_phone",
        "contact_email",
        "licence",
        "username",
        "full_name",
        "email",
        "phone",
        "password1",
        "password2",
    ]
    kind = forms.ChoiceField(label=_("单位类型"), choices=OrganisationKind.choices, widget=forms.RadioSelect)
    name = forms.CharField(label=_("单位全称"), max_length=100, help_text=_("与营业执照（或办学许可证）一致"))
    code = forms.CharField(
        label=_("统一社会信用代码或组织机构代码"),
        max_length=30,
        help_text=_("18 位统一社会信用代码；尚未换证的单位填 9 位组织机构代码（可含连字符）"),
    )
    authority = forms.ModelChoiceField(
        label=_("所属区（示范区）主管部门"),
        queryset=Authority.objects.order_by("number"),
        help_text=_("按单位注册地选择；申报材料将提交至该部门"),
    )
    contact_name = forms.CharField(label=_("单位联系人"), max_length=50)
    contact_phone = forms.CharField(label=_("联系人电话"), max_length=30)
    contact_email = forms.EmailField(label=_("联系人电子邮箱"))
    licence = forms.FileField(
        label=_("营业执照（办学许可证）扫描件"), help_text=_("PDF、JPG 或 PNG，不超过 10 MB")
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["full_name"].label = gettext("账号使用人姓名")
        self.fields["email"].label = gettext("账号使用人电子邮箱")
        self.fields["phone"].label = gettext("账号使用人电话")

    def clean_name(self) -> str:
        return " ".join(str(self.cleaned_data["name"]).split())

    def clean_code(self) -> OrganisationCode:
        try:
            code = parse_organisation_code(self.cleaned_data["code"])
        except InvalidIdentifier as error:
            raise forms.ValidationError(error.reason) from None
        existing = Organisation.objects.filter(org_code=code.org_code).select_related("authority").first()
        if existing is not None:
            authority = existing.authority
            raise forms.ValidationError(
                gettext(
                    "该代码已注册（单位：%(name)s）。如非本单位所为，请联系%(authority)s"
                    "%(office)s（%(contact)s，电话 %(phone)s）核实。"
                )
                % {
                    "name": existing.name,
                    "authority": authority.name,
                    "office": authority.office,
                    "contact": authority.contact,
                    "phone": authority.phone,
                }
            )
        return code

    def clean_licence(self) -> object:
        licence = self.cleaned_data["licence"]
        check_attachment(licence)
        return licence


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("不予确认的原因"), max_length=200, widget=forms.Textarea(attrs={"rows": 2})
    )
