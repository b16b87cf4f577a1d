from django.apps import AppConfig


class CrosschecksConfig(AppConfig):
    name = "shenbao.crosschecks"
    verbose_name = "跨单位核查"
