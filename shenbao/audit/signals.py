"""Sign-in, sign-out, failed sign-in and role changes go to the audit log through Django's signals."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
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


# Who may do what changes with a role or the superuser flag: each change is a security event the
# security auditor sees (a city admin granting itself the auditor's role included). Accounts
# created as applicants are everyday business and are left out.
WATCHED = ("role", "is_superuser")


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="audit_role_before")
def remember_role(sender: Any, instance: Any, **kwargs: Any) -> None:
    previous = sender.objects.filter(pk=instance.pk).values(*WATCHED).first() if instance.pk else None
    instance._audit_previous = previous


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="audit_role_after")
def on_role_change(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata (restore) replays rows, it changes nobody's role
        return
    previous = getattr(instance, "_audit_previous", None) or {}
    now = {name: getattr(instance, name) for name in WATCHED}
    if created and now["role"] == "applicant" and not now["is_superuser"]:
        return
    if not created and previous == now:
        return
    record(
        action=Action.ROLE_CHANGED,
        target=instance,
        username=instance.username,
        before=previous,
        after=now,
    )
