from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "shenbao.accounts"
    verbose_name = _("账号")

    def ready(self) -> None:
        from shenbao.accounts import otp  # noqa: F401  (connects the demo-account notice)
