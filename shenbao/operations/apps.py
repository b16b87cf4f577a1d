"""Operations on the whole system: key rotation, retention purge, backup and restore."""

from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "shenbao.operations"
    label = "operations"
    verbose_name = "运维"
