"""Sign-in, sign-out and failed sign-in go to the audit log through django.contrib.auth's signals."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from shenbao.audit.models import Action
from shenbao.audit.services import record


@receiver(user_logged_in, dispatch_uid="audit_login")
def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record(actor=user, action=Action.LOGIN, request=request)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record(actor=user, action=Action.LOGOUT, request=request)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Only the name typed: Django has already masked the password, and it is not kept anyway.
    username = str(credentials.get("username", ""))[:150]
    record(actor=None, action=Action.LOGIN_FAILED, request=request, username=username)
