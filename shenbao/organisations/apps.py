from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "shenbao.organisations"
    verbose_name = "申报单位"
