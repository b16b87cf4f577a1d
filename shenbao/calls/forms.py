"""The call form: dates that make sense, a shipped catalog edition, standards within national ceilings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shenbao.calls.models import Call
from shenbao.calls.services import standard_problems
from shenbao.domain.catalog_loader import list_editions


class CallForm(forms.ModelForm[Call]):
    edition = forms.ChoiceField(label=_("指导目录版本"), choices=())

    class Meta:
        model = Call
        fields = [
            "year",
            "edition",
            "opens_on",
            "closes_on",
            "hired_from",
            "hired_to",
            "reference_date",
            "standard_employees",
            "standard_trainees",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        editions = [(code, gettext("%(code)s年版") % {"code": code}) for code in list_editions()]
        self.fields["edition"].choices = editions  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", gettext("受理截止日期不能早于受理开始日期。"))
        hired_from, hired_to = data.get("hired_from"), data.get("hired_to")
        if hired_from and hired_to and hired_to < hired_from:
            self.add_error("hired_to", gettext("入职日期止不能早于入职日期起。"))
        for field, message in standard_problems(
            employees=data.get("standard_employees"),
            trainees=data.get("standard_trainees"),
        ).items():
            self.add_error(field, message)
        return data
