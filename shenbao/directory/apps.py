from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "shenbao.directory"
    verbose_name = _("主管部门名录")
