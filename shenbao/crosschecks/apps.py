from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrosschecksConfig(AppConfig):
    name = "shenbao.crosschecks"
    verbose_name = _("跨单位核查")

    def ready(self) -> None:
        from shenbao.crosschecks.export_tables import CONFLICTS, conflict_tables
        from shenbao.exports import register_export

        register_export(CONFLICTS, conflict_tables)
