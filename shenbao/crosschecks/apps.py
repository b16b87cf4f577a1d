from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrosschecksConfig(AppConfig):
    name = "shenbao.crosschecks"
    verbose_name = _("跨单位核查")
