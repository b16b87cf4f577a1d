from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "shenbao.reviews"
    verbose_name = "审核与汇总"
