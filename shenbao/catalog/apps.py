from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "shenbao.catalog"
    label = "catalog"
    verbose_name = "指导目录"
