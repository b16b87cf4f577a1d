from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from shenbao.accounts.models import User
from shenbao.directory.models import Authority
from shenbao.organisations.models import Organisation, OrganisationStatus


def pending_for_authority(authority: Authority) -> QuerySet[Organisation]:
    return Organisation.objects.filter(authority=authority, status=OrganisationStatus.PENDING).order_by(
        "created_at"
    )


def organisations_visible_to(user: User) -> QuerySet[Organisation]:
    """Reviewers see their authority's organisations, the city admin all, applicants their own."""
    if user.is_city_admin:
        return Organisation.objects.all()
    if user.is_reviewer:
        return Organisation.objects.filter(authority=user.authority)
    return Organisation.objects.filter(pk=user.organisation_id or 0)


def get_visible_organisation(user: User, pk: int) -> Organisation:
    organisation = organisations_visible_to(user).filter(pk=pk).select_related("authority").first()
    if organisation is None:
        raise Http404
    return organisation
