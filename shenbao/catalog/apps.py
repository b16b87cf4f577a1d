from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "shenbao.catalog"
    label = "catalog"
    verbose_name = _("指导目录")
