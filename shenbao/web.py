"""What the apps' pages share: the confirmation step before an irreversible action.

An irreversible action (submit, withdraw, return, reject, accept, report, approve, publish, pay)
is taken only by a POST that carries the token of its confirmation page. The token names the
user, the action and the state the page described (e.g. the application's version), so a POST
without the page, or from a page that no longer shows the current state, changes nothing: the
view shows the confirmation page (again) instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.crypto import constant_time_compare, salted_hmac

CONFIRMED_FIELD = "confirmed"


def confirmation_token(request: HttpRequest, action: str, *state: object) -> str:
    parts = ":".join(str(part) for part in (request.user.pk, action, *state))
    return salted_hmac("shenbao.confirmation", parts, algorithm="sha256").hexdigest()


def is_confirmed(request: HttpRequest, action: str, *state: object) -> bool:
    """A POST from the confirmation page of ``action`` on exactly this ``state``."""
    sent = request.POST.get(CONFIRMED_FIELD, "") if request.method == "POST" else ""
    return bool(sent) and constant_time_compare(sent, confirmation_token(request, action, *state))


@dataclass
class Confirmation:
    """What a confirmation page says: what will happen, to how many and how much, what cannot be undone."""

    title: str
    action_url: str
    back_url: str
    button: str
    token: str
    happens: list[str] = field(default_factory=list)
    figures: list[tuple[str, str]] = field(default_factory=list)  # (label, value): persons, money
    final: list[str] = field(default_factory=list)  # what can no longer be undone
    refused: list[str] = field(default_factory=list)  # why the action cannot be taken now
    form: forms.Form | None = None
    danger: bool = False


def render_confirmation(
    request: HttpRequest, confirmation: Confirmation, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "confirm.html",
        {"confirmation": confirmation, "title": confirmation.title},
        status=status,
    )
