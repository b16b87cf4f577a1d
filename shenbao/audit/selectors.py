"""Reads of the audit log for the city admin's page and its export."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext

from shenbao.audit.forms import AuditFilterForm
from shenbao.audit.models import AuditRecord
from shenbao.domain.events import EVENT_LABELS, RENAMED, EventKind
from shenbao.domain.workflow import ACTION_LABELS, STATUS_LABELS, Action, Status

# Detail keys written by applications.transitions.record_event, and how they read.
DETAIL_LABELS = {"event": "事项", "to_status": "状态变为"}


def filtered_records(form: AuditFilterForm) -> QuerySet[AuditRecord]:
    """Every record matching a valid filter form (an invalid one matches nothing)."""
    if not form.is_valid():
        return AuditRecord.objects.none()
    start, end = form.period()
    queryset = AuditRecord.objects.all()
    if start is not None:
        queryset = queryset.filter(at__gte=start)
    if end is not None:
        queryset = queryset.filter(at__lt=end)
    if actor := form.cleaned_data.get("actor"):
        queryset = queryset.filter(actor_name__icontains=actor)
    if action := form.cleaned_data.get("action"):
        queryset = queryset.filter(action=action)
    return queryset.order_by("-at", "-pk")


def detail_text(record: AuditRecord) -> str:
    """The record's detail in words: an application's Event kind and status in Chinese, the rest as stored."""
    parts = []
    for key, value in (record.detail or {}).items():
        text = str(value)
        if key == "event":
            kind = RENAMED.get(text, text)
            if kind in EventKind:
                text = gettext(EVENT_LABELS[EventKind(kind)])
            elif kind in Action:  # a call's action, e.g. the 公示
                text = gettext(ACTION_LABELS[Action(kind)])
        elif key == "to_status" and text in Status:
            text = gettext(STATUS_LABELS[Status(text)])
        elif key == "to_status" and not text:
            continue
        label = gettext(DETAIL_LABELS[key]) if key in DETAIL_LABELS else key
        parts.append(gettext("%(label)s：%(value)s") % {"label": label, "value": text})
    return gettext("；").join(parts)
