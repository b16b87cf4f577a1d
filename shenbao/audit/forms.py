"""The filter of the audit log page: period, actor, action."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shenbao.audit.models import ACTION_LABELS
from shenbao.form_fields import date_field


class AuditFilterForm(forms.Form):
    # Dates render as the project's date field (shenbao/templates/django/forms/widgets/date.html).
    date_from = date_field(label=_("开始日期"), required=False)
    date_to = date_field(label=_("结束日期"), required=False, help_text=_("含当日"))
    actor = forms.CharField(label=_("操作人账号"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("操作"), required=False, choices=[("", _("全部")), *ACTION_LABELS.items()]
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", gettext("结束日期不能早于开始日期。"))
        return data

    def period(self) -> tuple[datetime | None, datetime | None]:
        """The chosen dates as an [inclusive, exclusive) range of Shanghai-time instants."""
        start, end = self.cleaned_data.get("date_from"), self.cleaned_data.get("date_to")
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(start, time.min, tzinfo=zone) if start else None,
            datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone) if end else None,
        )
