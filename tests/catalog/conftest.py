"""Enterprises whose credit codes the import fixtures in tests/files/catalog/ use."""

from __future__ import annotations

from pathlib import Path

import pytest

from shenbao.organisations.models import Organisation, OrganisationKind, OrganisationStatus
from tests import factories

FILES = Path(__file__).parent.parent / "files" / "catalog"
CODE_A = "91310000C00000016P"
CODE_B = "91310000C00000024J"
CODE_C = "91310000C00000032D"


def make_enterprise(code: str, name: str, number: int) -> Organisation:
    return Organisation.objects.create(
        kind=OrganisationKind.ENTERPRISE,
        name=name,
        code=code,
        org_code=code[8:17],
        authority=factories.authority(number),
        contact_name="王五",
        contact_phone="021-87654321",
        contact_email="figures@example.com",
        status=OrganisationStatus.CONFIRMED,
    )


@pytest.fixture
def registered(directory: None) -> dict[str, Organisation]:
    return {
        "A": make_enterprise(CODE_A, "甲软件有限公司", 5),
        "B": make_enterprise(CODE_B, "乙数据有限公司", 16),
        "C": make_enterprise(CODE_C, "丙信息有限公司", 5),
    }
