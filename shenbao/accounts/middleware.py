"""Sessions that end after 30 idle minutes without a database write on every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase

# The session's expiry is pushed forward at most once a minute, so a signed-in user costs a
# session write per minute rather than per page; the idle limit is then exact to a minute.
REFRESH_SECONDS = 60
KEY = "_seen"


class IdleSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            now = int(time.time())
            if now - int(session.get(KEY, 0)) >= REFRESH_SECONDS:
                session[KEY] = now  # marks the session modified: saved with a fresh expiry
        return self.get_response(request)
