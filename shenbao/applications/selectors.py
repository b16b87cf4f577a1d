"""Who sees which application: applicants their organisation's, reviewers their authority's, the city all."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from shenbao.accounts.models import User
from shenbao.applications.models import Application, RosterRow


def applications_visible_to(user: User) -> QuerySet[Application]:
    queryset = Application.objects.select_related("call", "organisation", "authority")
    if user.is_city_admin:
        return queryset
    if user.is_reviewer:
        return queryset.filter(authority=user.authority)
    return queryset.filter(organisation_id=user.organisation_id or 0)


def get_visible_application(user: User, pk: int) -> Application:
    application = applications_visible_to(user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def can_see_full_ids(user: User, application: Application) -> bool:
    """The applicant who sent the roster, the reviewer of its district and the city admin."""
    if user.is_city_admin:
        return True
    if user.is_reviewer:
        return user.authority_id == application.authority_id
    return user.organisation_id == application.organisation_id


def rows_with_errors(application: Application) -> QuerySet[RosterRow]:
    return application.rows.filter(has_errors=True)
