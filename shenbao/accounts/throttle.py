"""Sign-in throttling: django-axes per user name and address, plus a higher limit per address alone.

django-axes compares the failures of every lockout parameter with one limit, so "5 per user
name and address, 30 per address whatever the names" needs this small handler: the second
limit stops password spraying (a few guesses at each of many accounts from one address), the
first a guessing attack on one account, without locking out an office behind one address
for one colleague's typos.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


class AddressThrottleHandler(AxesDatabaseHandler):  # type: ignore[misc]  # axes ships no types
    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return failures_from(request) >= settings.SHENBAO_LOGIN_ADDRESS_FAILURE_LIMIT

    def user_login_failed(
        self, sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        # django-axes answers with its lockout page only when its own count says so.
        if request is not None and failures_from(request) >= settings.SHENBAO_LOGIN_ADDRESS_FAILURE_LIMIT:
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = credentials  # type: ignore[attr-defined]


def failures_from(request: HttpRequest) -> int:
    """Failed sign-ins from the request's address within the cool-off period, whatever the user name."""
    attempts = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
        attempt_time__gte=get_cool_off_threshold(request),
    )
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
