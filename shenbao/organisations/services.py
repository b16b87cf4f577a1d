"""Registration and confirmation of organisations."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from shenbao.accounts.models import Role, User
from shenbao.directory.models import Authority
from shenbao.domain.identity import OrganisationCode
from shenbao.organisations.models import Organisation, OrganisationKind, OrganisationStatus


@transaction.atomic
def register_organisation(
    *,
    kind: OrganisationKind,
    name: str,
    code: OrganisationCode,
    authority: Authority,
    contact_name: str,
    contact_phone: str,
    contact_email: str,
    licence: UploadedFile[bytes] | None,
    username: str,
    password: str,
    full_name: str,
) -> User:
    """Create a pending organisation and its first user; both or neither."""
    organisation = Organisation.objects.create(
        kind=kind,
        name=name,
        code=code.value,
        org_code=code.org_code,
        authority=authority,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
    )
    if licence is not None:
        organisation.licence.save("licence", licence, save=True)
    return User.objects.create_user(
        username=username,
        password=password,
        full_name=full_name,
        email=contact_email,
        phone=contact_phone,
        role=Role.APPLICANT,
        organisation=organisation,
    )


def _check_reviewer_scope(by: User, organisation: Organisation) -> None:
    if not (by.is_city_admin or (by.is_reviewer and by.authority_id == organisation.authority_id)):
        raise Http404


@transaction.atomic
def confirm_organisation(*, by: User, organisation: Organisation) -> None:
    _check_reviewer_scope(by, organisation)
    organisation.status = OrganisationStatus.CONFIRMED
    organisation.status_comment = ""
    organisation.confirmed_by = by
    organisation.confirmed_at = timezone.now()
    organisation.save(update_fields=["status", "status_comment", "confirmed_by", "confirmed_at"])


@transaction.atomic
def reject_organisation(*, by: User, organisation: Organisation, reason: str) -> None:
    _check_reviewer_scope(by, organisation)
    organisation.status = OrganisationStatus.REJECTED
    organisation.status_comment = reason
    organisation.confirmed_by = by
    organisation.confirmed_at = timezone.now()
    organisation.save(update_fields=["status", "status_comment", "confirmed_by", "confirmed_at"])
