from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "shenbao.accounts"
    verbose_name = "账号"

    def ready(self) -> None:
        from shenbao.accounts import otp  # noqa: F401  (connects the demo-account notice)
