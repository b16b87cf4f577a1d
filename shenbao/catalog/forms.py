"""The figures form (public self-check and the enterprise's own figures) and the import upload form."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shenbao.catalog.models import BusinessFigures
from shenbao.domain.catalog import Edition, FiguresError, FigureSource, parse_figures
from shenbao.domain.catalog_import import check_storable

# The fields whose values the statistics system approves; read-only once imported.
APPROVED_FIELDS = ("revenue_usd", "offshore_revenue_usd", "staff", "staff_college")
_SEPARATORS = re.compile(r"[,，、;；\s]+")
_YES_NO = [("", _("未填写（未知）")), ("yes", _("是")), ("no", _("否"))]


def _amount_field(label: str, *, required: bool) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=30,
        error_messages={"required": gettext("请填写金额（美元）")},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def _count_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=10,
        help_text=gettext("不填视为未知"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class FiguresForm(forms.Form):
    """Figures for one edition's data year; ``clean`` leaves the parsed ``Figures`` in ``figures``.

    Errors from ``parse_figures`` land on the field they name. With ``approved`` the amounts
    and staff counts are read-only (disabled fields keep their initial values whatever is posted).
    """

    def __init__(
        self,
        *args: Any,
        edition: Edition,
        editions: list[str] | None = None,
        public: bool = False,
        approved: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.public = public
        if public:
            choices = [
                (
                    code,
                    gettext("%(code)s年版（适用 %(year)s 年数据）") % {"code": code, "year": load_year(code)},
                )
                for code in editions or [edition.code]
            ]
            self.fields["edition"] = forms.ChoiceField(
                label=gettext("指导目录版本"),
                choices=choices,
                initial=edition.code,
                widget=forms.Select if len(choices) > 1 else forms.HiddenInput,
            )
            self.fields["name"] = forms.CharField(
                label=gettext("企业名称（可不填）"), required=False, max_length=100
            )
        self.fields["revenue_usd"] = _amount_field(
            gettext("%(year)s年服务外包业务额（美元）") % {"year": edition.data_year}, required=True
        )
        self.fields["offshore_revenue_usd"] = _amount_field(
            gettext("其中向境外最终客户提供的服务外包业务额（美元）"), required=True
        )
        for category in edition.categories:
            self.fields[f"export_{category.code.lower()}"] = _amount_field(
                gettext("%(code)s（%(name)s）出口额（美元）")
                % {"code": category.code, "name": category.name},
                required=False,
            )
            self.fields[f"export_{category.code.lower()}"].help_text = gettext("不填视为 0")
        self.fields["staff"] = _count_field(gettext("员工总数（人）"))
        self.fields["staff_college"] = _count_field(gettext("大专及以上学历员工数（人）"))
        self.fields["categories"] = forms.MultipleChoiceField(
            label=gettext("从事的服务外包类别"),
            required=False,
            choices=[
                (category.code, f"{category.code}（{category.name}）") for category in edition.categories
            ],
            widget=forms.CheckboxSelectMultiple,
            help_text=gettext("都不勾选视为未知"),
        )
        for category in edition.categories:
            self.fields[f"certifications_{category.code.lower()}"] = forms.CharField(
                label=gettext("%(code)s 领域取得的国际认证") % {"code": category.code},
                required=False,
                max_length=200,
                help_text=gettext(
                    "多个认证用顿号或逗号分隔，如 CMMI3、ISO27001；三个类别都不填视为未知，"
                    "填了任一类别则未填的类别视为没有认证"
                ),
            )
        for category in edition.categories:
            years = next(
                (c.min_contract_years for c in category.conditions if c.min_contract_years is not None), None
            )
            self.fields[f"contracts_{category.code.lower()}"] = forms.ChoiceField(
                label=gettext("%(code)s 是否签订中长期服务外包业务合同") % {"code": category.code}
                + (gettext("（%(years)s年以上）") % {"years": years} if years else ""),
                required=False,
                choices=_YES_NO,
            )
        self.fields["potential_fields"] = forms.MultipleChoiceField(
            label=gettext("潜力领域"),
            required=False,
            choices=[(name, name) for name in edition.potential_field_names],
            widget=forms.CheckboxSelectMultiple,
        )
        if public:
            self.fields["source"] = forms.ChoiceField(
                label=gettext("数据来源"),
                choices=[
                    (FigureSource.SELF.value, gettext("企业自报（尚未审定）")),
                    (
                        FigureSource.STATISTICS.value,
                        gettext("已在商务部服务外包业务管理和统计系统中审定通过"),
                    ),
                ],
                initial=FigureSource.SELF.value,
                widget=forms.RadioSelect,
            )
        if approved:
            for name in APPROVED_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = gettext("已由市商务委员会按统计系统审定数据导入，不能修改")

    def figures_object(self) -> dict[str, object]:
        data = self.cleaned_data
        codes = [category.code for category in self.edition.categories]
        certifications = {code: _names(data.get(f"certifications_{code.lower()}", "")) for code in codes}
        contracts = {
            code: data[f"contracts_{code.lower()}"] == "yes"
            for code in codes
            if data.get(f"contracts_{code.lower()}")
        }
        return {
            "name": data.get("name", ""),
            "data_year": self.edition.data_year,
            "revenue_usd": data.get("revenue_usd"),
            "offshore_revenue_usd": data.get("offshore_revenue_usd"),
            "export_usd": {
                code: data[f"export_{code.lower()}"] for code in codes if data.get(f"export_{code.lower()}")
            },
            "staff": data.get("staff") or None,
            "staff_college": data.get("staff_college") or None,
            "certifications": {code: names for code, names in certifications.items() if names} or None,
            "long_term_contracts": contracts or None,
            "categories": list(data.get("categories") or []) or None,
            "potential_fields": list(data.get("potential_fields") or []),
            "source": data.get("source", FigureSource.SELF.value),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            figures = parse_figures(self.figures_object(), self.edition)
            check_storable(figures)
        except FiguresError as error:
            self.add_error(field_for(error.field, self), error.message)
            return cleaned
        cleaned["figures"] = figures
        return cleaned


def load_year(code: str) -> int:
    from shenbao.domain.catalog import load_edition

    return load_edition(code).data_year


def _names(text: str) -> list[str]:
    return [name for name in _SEPARATORS.split(text or "") if name]


def field_for(error_field: str, form: forms.Form) -> str | None:
    """The form field a ``FiguresError.field`` names (``export_usd.ITO`` → ``export_ito``); None: the whole form."""
    head, _, rest = error_field.partition(".")
    head = head.split("[")[0]
    mapping = {"export_usd": "export", "certifications": "certifications", "long_term_contracts": "contracts"}
    if head in mapping and rest:
        name = f"{mapping[head]}_{rest.lower()}"
    elif head == "certifications":
        name = next((n for n in form.fields if n.startswith("certifications_")), "")
    else:
        name = head
    return name if name in form.fields else None


def initial_from(record: BusinessFigures) -> dict[str, object]:
    """Form initial values from stored figures."""
    initial: dict[str, object] = {
        "revenue_usd": _plain(record.revenue_usd),
        "offshore_revenue_usd": _plain(record.offshore_revenue_usd),
        "staff": "" if record.staff is None else str(record.staff),
        "staff_college": "" if record.staff_college is None else str(record.staff_college),
        "categories": list(record.categories or []),
        "potential_fields": list(record.potential_fields or []),
    }
    for code, amount in (record.export_usd or {}).items():
        initial[f"export_{code.lower()}"] = _plain(Decimal(amount))
    certifications = record.certifications
    if isinstance(certifications, dict):
        for code, names in certifications.items():
            initial[f"certifications_{code.lower()}"] = "、".join(names)
    contracts = record.long_term_contracts
    if isinstance(contracts, dict):
        for code, held in contracts.items():
            initial[f"contracts_{code.lower()}"] = "yes" if held else "no"
    return initial


def _plain(amount: Decimal) -> str:
    """``500000.00`` as ``500000``; cents kept when there are any."""
    return f"{amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount:f}"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("统计系统导出文件（.xlsx 或 .csv）"),
        help_text=_("每行一家企业一个年度；CSV 可为 UTF-8 或 GB18030（GBK）编码"),
    )

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        limit = settings.SHENBAO_UPLOAD_MAX_BYTES
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                gettext("文件超过 %(size)s MB，请删除无关内容后再上传。") % {"size": limit // (1024 * 1024)}
            )
        return upload
