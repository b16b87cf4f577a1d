from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "shenbao.reviews"
    verbose_name = _("审核与汇总")

    def ready(self) -> None:
        from shenbao.exports import register_export
        from shenbao.reviews.export_tables import APPROVED_PERSONS, approved_tables

        register_export(APPROVED_PERSONS, approved_tables)
