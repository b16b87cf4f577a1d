"""Account use cases: colleagues of an organisation, reviewer accounts of the city."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404

from shenbao.accounts.models import Role, User
from shenbao.directory.models import Authority


def add_colleague(*, by: User, username: str, password: str, full_name: str, email: str, phone: str) -> User:
    """An applicant adds a colleague to their own organisation."""
    if not by.is_applicant or by.organisation is None:
        raise Http404
    return User.objects.create_user(
        username=username,
        password=password,
        full_name=full_name,
        email=email,
        phone=phone,
        role=Role.APPLICANT,
        organisation=by.organisation,
    )


def create_reviewer(
    *, by: User, username: str, password: str, full_name: str, email: str, phone: str, authority: Authority
) -> User:
    """The city admin creates a reviewer account for one authority."""
    if not by.is_city_admin:
        raise Http404
    return User.objects.create_user(
        username=username,
        password=password,
        full_name=full_name,
        email=email,
        phone=phone,
        role=Role.REVIEWER,
        authority=authority,
    )


@transaction.atomic
def assign_authority(*, by: User, reviewer: User, authority: Authority) -> None:
    if not by.is_city_admin or not reviewer.is_reviewer:
        raise Http404
    reviewer.authority = authority
    reviewer.save(update_fields=["authority"])


def set_active(*, by: User, user: User, active: bool) -> None:
    """Deactivate (or reactivate) an account the actor manages; nobody deactivates themselves."""
    if user.pk == by.pk or not can_manage(by, user):
        raise Http404
    user.is_active = active
    user.save(update_fields=["is_active"])


def can_manage(actor: User, user: User) -> bool:
    if actor.is_applicant:
        return user.is_applicant and user.organisation_id == actor.organisation_id
    if actor.is_city_admin:
        return user.is_reviewer
    return False
