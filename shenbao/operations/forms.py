from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class PurgeConfirmForm(forms.Form):
    year = forms.IntegerField(label=_("请输入要清除的申报批次年度以确认"), min_value=1900, max_value=9999)

    def __init__(self, *args: object, expected: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.expected = expected

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if year != self.expected:
            raise forms.ValidationError(
                gettext("输入的年度与所选批次（%(year)s）不一致。") % {"year": self.expected}
            )
        return year
