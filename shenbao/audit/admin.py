"""The audit log in Django admin: not shown at all.

Django admin belongs to the city admin, and the log is read by the security auditor at /audit/
(separation of duties); the admin keeps the class so nothing can add, change or delete there either.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from shenbao.audit.models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin[AuditRecord]):
    list_display = ("at", "actor_name", "actor_role", "action", "object_type", "object_id", "ip")
    list_filter = ("action", "actor_role")
    search_fields = ("actor_name", "application_reference", "object_id")
    date_hierarchy = "at"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
