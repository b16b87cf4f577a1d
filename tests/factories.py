"""Builders for test data: personas with organisations in chosen authorities."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from django.utils import timezone

from shenbao.accounts.demo import demo_credit_code
from shenbao.accounts.models import Role, User
from shenbao.calls.models import Call
from shenbao.directory.models import Authority
from shenbao.organisations.models import Organisation, OrganisationKind, OrganisationStatus

PASSWORD = "correct-horse-battery-9"
_serial = itertools.count(1)


def authority(number: int) -> Authority:
    return Authority.objects.get(number=number)


def make_organisation(
    *,
    number: int = 5,
    kind: str = OrganisationKind.ENTERPRISE,
    confirmed: bool = True,
    name: str | None = None,
) -> Organisation:
    serial = next(_serial)
    code = demo_credit_code(f"T{serial:07d}")
    return Organisation.objects.create(
        kind=kind,
        name=name or f"测试单位{serial}有限公司",
        code=code,
        org_code=code[8:17],
        authority=authority(number),
        contact_name="李四",
        contact_phone="021-12345678",
        contact_email=f"org{serial}@example.com",
        status=OrganisationStatus.CONFIRMED if confirmed else OrganisationStatus.PENDING,
    )


def make_applicant(organisation: Organisation, username: str | None = None) -> User:
    return User.objects.create_user(
        username=username or f"applicant{next(_serial)}",
        password=PASSWORD,
        role=Role.APPLICANT,
        organisation=organisation,
        email="a@example.com",
    )


def make_reviewer(number: int, username: str | None = None) -> User:
    return User.objects.create_user(
        username=username or f"reviewer-{number}-{next(_serial)}",
        password=PASSWORD,
        role=Role.REVIEWER,
        authority=authority(number),
    )


def make_city_admin() -> User:
    return User.objects.create_user(
        username=f"city{next(_serial)}",
        password=PASSWORD,
        role=Role.CITY_ADMIN,
        is_staff=True,
        is_superuser=True,
    )


def make_security_auditor() -> User:
    return User.objects.create_user(
        username=f"auditor{next(_serial)}", password=PASSWORD, role=Role.SECURITY_AUDITOR
    )


def protected_id(number: str, id_type: str = "身份证") -> dict[str, str]:
    """The fields a stored roster row holds for an ID number: encrypted, look-up hash, masked."""
    from shenbao.domain.personal import mask
    from shenbao.personal_data import protector

    guard = protector()
    return {
        "id_type": id_type,
        "id_cipher": guard.encrypt(number),
        "id_hash": guard.lookup_hash(id_type, number),
        "id_masked": mask(number),
    }


def make_open_call(*, closes_in_days: int = 30) -> Call:
    """This year's call, open since a month ago, hiring from the start of last year until today."""
    today = timezone.localdate()
    return Call.objects.create(
        year=today.year,
        opens_on=today - timedelta(days=30),
        closes_on=today + timedelta(days=closes_in_days),
        hired_from=date(today.year - 1, 1, 1),
        hired_to=today,
        reference_date=today,
    )


def listed(organisation: Organisation, *, data_year: int = 2015, source: str = "statistics") -> None:
    """Figures of ``data_year`` under which the 2016 catalog lists the enterprise (test 1, with margin)."""
    from decimal import Decimal

    from shenbao.catalog.models import BusinessFigures

    BusinessFigures.objects.update_or_create(
        organisation=organisation,
        data_year=data_year,
        defaults={
            "revenue_usd": Decimal("800000"),
            "offshore_revenue_usd": Decimal("600000"),
            "export_usd": {"ITO": "600000"},
            "categories": ["ITO"],
            "source": source,
        },
    )
