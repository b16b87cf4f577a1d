"""The audit log: who signed in, decided, exported or saw full personal data, and when."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "shenbao.audit"
    label = "audit"
    verbose_name = _("审计日志")

    def ready(self) -> None:
        from shenbao.audit import signals  # noqa: F401  (connects the sign-in receivers)
        from shenbao.audit.export_tables import AUDIT_RECORDS, audit_tables
        from shenbao.exports import register_export

        register_export(AUDIT_RECORDS, audit_tables)
