"""Reads of the audit log for the city admin's page and its export."""

from __future__ import annotations

from django.db.models import QuerySet

from shenbao.audit.forms import AuditFilterForm
from shenbao.audit.models import AuditRecord


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
