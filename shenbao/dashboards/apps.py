from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "shenbao.dashboards"
    verbose_name = "统计看板"
