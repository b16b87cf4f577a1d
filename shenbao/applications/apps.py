from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "shenbao.applications"
    verbose_name = _("申报")

    def ready(self) -> None:
        from shenbao.applications.builders import annotated_copy
        from shenbao.downloads.registry import register

        register("annotated_copy", annotated_copy)
