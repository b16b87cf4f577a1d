from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "shenbao.reviews"
    verbose_name = _("审核与汇总")
