"""Second-factor pages: show a code after the password, set up an authenticator, recovery codes."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from shenbao.accounts import otp_services
from shenbao.accounts.access import current_user
from shenbao.accounts.otp import DEMO_NOTICE, is_staff_role, is_verified, needs_second_factor
from shenbao.accounts.otp_forms import CodeForm
from shenbao.audit.models import Action
from shenbao.audit.services import record


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/accounts/home/"


@never_cache
@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not needs_second_factor(user) or is_verified(user):
        return redirect(_next_url(request))
    if not otp_services.has_totp(user) and otp_services.recovery_codes_left(user) == 0:
        return redirect("accounts:otp_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = otp_services.verify_code(user=user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            record(request=request, action=Action.OTP_VERIFIED, device=device.name)
            return redirect(_next_url(request))
        record(request=request, action=Action.OTP_FAILED)
        form.add_error("code", gettext("验证码不正确或已使用，请重新输入。连续输错会暂时锁定。"))
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": _next_url(request), "title": gettext("双因素认证")},
    )


@never_cache
@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Set up (or replace) the authenticator: scan the QR code, confirm with a first code."""
    user = current_user(request)
    if user.otp_exempt:
        return render(request, "accounts/message.html", {"title": gettext("双因素认证"), "text": DEMO_NOTICE})
    enrolled = otp_services.has_totp(user)
    # Replacing an authenticator takes a verified session; a first one may be set up after the password.
    if enrolled and not is_verified(user):
        return redirect("accounts:otp_verify")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = otp_services.confirm_totp(user=user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            codes = otp_services.issue_recovery_codes(user=user)
            return render(
                request,
                "accounts/otp_recovery_codes.html",
                {"codes": codes, "next": _next_url(request), "title": gettext("恢复码")},
            )
        form.add_error("code", gettext("验证码不正确，请确认手机时间准确后重新输入。"))
    device = otp_services.pending_totp(user)
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "secret": _base32(device.bin_key),
            "enrolled": enrolled,
            "is_staff_role": is_staff_role(user),
            "codes_left": otp_services.recovery_codes_left(user),
            "next": _next_url(request),
            "title": gettext("设置双因素认证"),
        },
    )


@never_cache
@login_required
def otp_qr(request: HttpRequest) -> HttpResponse:
    """The pending authenticator's otpauth:// URI as an SVG QR code (an <img src>, no script)."""
    user = current_user(request)
    if user.otp_exempt or (otp_services.has_totp(user) and not is_verified(user)):
        raise Http404
    device = otp_services.pending_totp(user)
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5)
    return HttpResponse(svg, content_type="image/svg+xml")


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working); only in a verified session."""
    user = current_user(request)
    if request.method != "POST":
        return redirect("accounts:otp_setup")  # the page with the button, and what it does
    if not otp_services.has_totp(user) or not is_verified(user):
        raise Http404
    codes = otp_services.issue_recovery_codes(user=user)
    messages.success(request, gettext("已生成新的恢复码，旧的恢复码已失效。"))
    return render(
        request, "accounts/otp_recovery_codes.html", {"codes": codes, "next": "", "title": gettext("恢复码")}
    )


def _base32(key: bytes) -> str:
    from base64 import b32encode

    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
