from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "shenbao.directory"
    verbose_name = "主管部门名录"
