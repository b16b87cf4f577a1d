from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "shenbao.reviews"
    verbose_name = _("审核与汇总")

    def ready(self) -> None:
        from shenbao.exports import register_export
        from shenbao.reviews.export_tables import (
            APPROVED_PERSONS,
            SUMMARY_TABLES,
            approved_tables,
            summary_sheets,
        )

        register_export(APPROVED_PERSONS, approved_tables)
        register_export(SUMMARY_TABLES, summary_sheets)
