from django.apps import AppConfig


class PrintingConfig(AppConfig):
    name = "shenbao.printing"
    verbose_name = "打印材料"
