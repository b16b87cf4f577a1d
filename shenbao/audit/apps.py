"""The audit log: who signed in, decided, exported or saw full personal data, and when."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "shenbao.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from shenbao.audit import signals  # noqa: F401  (connects the sign-in receivers)
