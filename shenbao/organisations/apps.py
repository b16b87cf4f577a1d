from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "shenbao.organisations"
    verbose_name = _("申报单位")
