"""Chinese everywhere a person looks: blank choices and the names the admin shows for other apps."""

from __future__ import annotations

from django.apps import AppConfig, apps
from django.db.models import fields
from django.utils.translation import gettext_lazy as _

# The admin index lists third-party apps and models by their own (English, or untranslated) names.
# Their labels are set here at start-up instead of forking the libraries. Only the runtime labels
# change: migrations read a model's original Meta (``_meta.original_attrs``), so no migration follows.
THIRD_PARTY_NAMES = {
    "axes": (
        _("登录保护"),
        {
            "accessattempt": _("登录失败计数"),
            "accessfailurelog": _("登录失败记录"),
            "accesslog": _("登录记录"),
        },
    ),
    "otp_totp": (_("动态口令"), {"totpdevice": _("动态口令设备")}),
    "otp_static": (_("备用恢复码"), {"staticdevice": _("恢复码组")}),
    "django_tasks_database": (_("后台任务"), {"dbtaskresult": _("后台任务记录")}),
}


class InterfaceConfig(AppConfig):
    name = "shenbao.interface"
    verbose_name = _("界面")

    def ready(self) -> None:
        # Django 6.1 asks projects to set the blank choice of selects here ("- Select an option -").
        fields.BLANK_CHOICE_LABEL = _("请选择")
        name_third_party_apps()


def name_third_party_apps() -> None:
    for label, (app_name, models) in THIRD_PARTY_NAMES.items():
        config = apps.get_app_config(label)
        config.verbose_name = app_name
        for model_name, model_label in models.items():
            options = config.get_model(model_name)._meta
            options.verbose_name = model_label
            options.verbose_name_plural = model_label
