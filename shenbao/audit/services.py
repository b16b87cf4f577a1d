"""record(): the one way any app writes to the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import models
from django.http import HttpRequest

from shenbao.audit.models import AuditRecord


def record(
    *,
    actor: Any = None,
    action: str,
    target: models.Model | None = None,
    request: HttpRequest | None = None,
    **detail: Any,
) -> AuditRecord:
    """Append one record.

    ``actor`` defaults to the request's signed-in user; ``target`` is the object acted on (its
    type, id and, for an application or anything with an ``application``, the application's
    reference are kept); ``detail`` holds anything else worth keeping (never a full ID number).
    """
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    object_type, object_id, reference = _describe(target)
    return AuditRecord.objects.create(
        actor=actor,
        actor_name=getattr(actor, "username", "") if actor is not None else "",
        actor_role=getattr(actor, "role", "") if actor is not None else "",
        action=str(action),
        object_type=object_type,
        object_id=object_id,
        application_reference=reference,
        ip=client_ip(request) if request is not None else None,
        detail=detail,
    )


def _describe(target: models.Model | None) -> tuple[str, str, str]:
    if target is None:
        return "", "", ""
    meta = target._meta
    reference = getattr(target, "reference", None)
    if not isinstance(reference, str):
        application = getattr(target, "application", None)
        reference = getattr(application, "reference", "") if application is not None else ""
    return f"{meta.app_label}.{meta.model_name}", str(target.pk), str(reference or "")


def client_ip(request: HttpRequest) -> str | None:
    """The address as django-axes sees it (honouring SHENBAO_PROXY_COUNT)."""
    from axes.helpers import get_client_ip_address

    address = get_client_ip_address(request)
    return address or None


def records_between(start: datetime | None, end: datetime | None) -> models.QuerySet[AuditRecord]:
    queryset = AuditRecord.objects.all()
    if start is not None:
        queryset = queryset.filter(at__gte=start)
    if end is not None:
        queryset = queryset.filter(at__lt=end)
    return queryset
