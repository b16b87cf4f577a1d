"""Operations on the whole system: key rotation, retention purge, backup and restore."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "shenbao.operations"
    label = "operations"
    verbose_name = _("运维")
