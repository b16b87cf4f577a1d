"""Files built by the worker for a user to download: annotated copies, packages, large exports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DownloadsConfig(AppConfig):
    name = "shenbao.downloads"
    label = "downloads"
    verbose_name = _("下载文件")
