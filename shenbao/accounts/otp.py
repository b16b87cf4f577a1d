"""The second factor (TOTP, django-otp): who needs it, and the middleware that asks for it.

MLPS 2.0 level 3 asks two authentication factors of those who administer personal data:
reviewers and city admins pass a TOTP step after the password before any page but the
second-factor pages themselves. Applicants may opt in; once they have a device, they too
are asked for it. Demo accounts (``otp_exempt``) skip it and are told so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

from shenbao.accounts.models import Role

DEMO_NOTICE = _("演示账号，未启用双因素认证")
STAFF_ROLES = {Role.REVIEWER, Role.CITY_ADMIN, Role.SECURITY_AUDITOR}
# Reachable between the password and the code: the second-factor pages and signing out.
OPEN_URL_NAMES = ("accounts:otp_verify", "accounts:otp_setup", "accounts:otp_qr", "accounts:logout")


def is_staff_role(user: Any) -> bool:
    return getattr(user, "role", None) in STAFF_ROLES


def needs_second_factor(user: Any) -> bool:
    """Whether this signed-in user must show a code before using the site."""
    if not getattr(settings, "SHENBAO_REQUIRE_SECOND_FACTOR", True):
        return False
    if not getattr(user, "is_authenticated", False) or getattr(user, "otp_exempt", False):
        return False
    return is_staff_role(user) or user_has_device(user, confirmed=True)


def is_verified(user: Any) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


class SecondFactorMiddleware:
    """Sends a signed-in user who needs a second factor and has not shown one to the code page.

    Installed after django_otp.middleware.OTPMiddleware, so it covers every URL, the admin included.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = request.user
        if needs_second_factor(user) and not is_verified(user) and not self._is_open(request.path):
            target = "accounts:otp_verify" if user_has_device(user, confirmed=True) else "accounts:otp_setup"
            url = f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
            if getattr(request, "htmx", False):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url
                return response
            return redirect(url)
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        return any(path == reverse(name) for name in OPEN_URL_NAMES)


@receiver(user_logged_in, dispatch_uid="otp_demo_notice")
def tell_demo_users(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and getattr(user, "otp_exempt", False):
        # Signed in without a page to show it on (a test client, a script): nothing to tell.
        messages.warning(request, DEMO_NOTICE, fail_silently=True)
