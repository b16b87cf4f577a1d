from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from shenbao.accounts import otp_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("otp/", otp_views.otp_verify, name="otp_verify"),
    path("otp/setup/", otp_views.otp_setup, name="otp_setup"),
    path("otp/setup/qr.svg", otp_views.otp_qr, name="otp_qr"),
    path("otp/recovery-codes/", otp_views.recovery_codes, name="otp_recovery_codes"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/form_page.html",
            success_url=reverse_lazy("accounts:password_change_done"),
            extra_context={"title": _("修改密码"), "submit_label": _("修改密码")},
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/message.html",
            extra_context={"title": _("密码已修改"), "text": _("新密码已生效。")},
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/form_page.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
            extra_context={
                "title": _("找回密码"),
                "submit_label": _("发送重置邮件"),
                "intro": _("请输入账号登记的电子邮箱，我们会发送一封重置密码的邮件。"),
            },
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/message.html",
            extra_context={
                "title": _("邮件已发送"),
                "text": _("如该邮箱已登记，您将收到重置密码的邮件，请按邮件中的链接操作。"),
            },
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/message.html",
            extra_context={"title": _("密码已重置"), "text": _("请用新密码登录。")},
        ),
        name="password_reset_complete",
    ),
    path("colleagues/", views.colleagues, name="colleagues"),
    path("staff/", views.staff, name="staff"),
    path("staff/<int:user_id>/assign/", views.staff_assign, name="staff_assign"),
    path("users/<int:user_id>/active/", views.set_active, name="set_active"),
]
