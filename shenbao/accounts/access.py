"""Access by role and scope.

Pages answer 404, not 403, to a signed-in user who may not see them, so a URL
reveals nothing about what exists behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from shenbao.accounts.models import Role, User

View = Callable[..., HttpResponseBase]


def role_required(*roles: Role) -> Callable[[View], View]:
    """Anonymous users go to the login page; users of another role get a 404."""

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if getattr(request.user, "role", None) not in roles:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


applicant_required = role_required(Role.APPLICANT)
reviewer_required = role_required(Role.REVIEWER)
city_admin_required = role_required(Role.CITY_ADMIN)
staff_required = role_required(Role.REVIEWER, Role.CITY_ADMIN)
security_auditor_required = role_required(Role.SECURITY_AUDITOR)


def current_user(request: HttpRequest) -> User:
    """The signed-in user of a view behind one of the decorators above."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user
