"""Trainees' 录用企业名称 matched to registered enterprises."""

from __future__ import annotations

import pytest

from shenbao.crosschecks.services import refresh_findings
from shenbao.domain.crosscheck import CrossCode
from tests import factories
from tests.crosschecks.build import add_row, codes, make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def institution_application(directory):  # type: ignore[no-untyped-def]
    factories.make_organisation(number=5, name="微软（上海）有限公司")
    factories.make_organisation(number=5, name="上海华信软件有限公司")
    factories.make_organisation(number=16, name="华信软件(上海)有限公司")
    return make_application(factories.make_organisation(number=12, kind="institution"))


def test_a_registered_enterprise_written_another_way_raises_no_finding(institution_application) -> None:  # type: ignore[no-untyped-def]
    row = add_row(institution_application, 1, hiring="微软 (上海) 有限责任公司")

    refresh_findings(institution_application)

    assert codes(row) == []


def test_an_unregistered_hiring_enterprise_is_a_finding_with_the_closest_names(
    institution_application,
) -> None:  # type: ignore[no-untyped-def]
    row = add_row(institution_application, 2, hiring="微软(上海)科技有限公司")

    refresh_findings(institution_application)

    finding = row.cross_findings.get()
    assert finding.code == CrossCode.HIRING_ENTERPRISE_NOT_FOUND
    assert finding.candidates[0] == "微软（上海）有限公司"


def test_a_name_two_enterprises_share_is_an_ambiguous_finding_naming_both(institution_application) -> None:  # type: ignore[no-untyped-def]
    row = add_row(institution_application, 3, hiring="华信软件有限公司")

    refresh_findings(institution_application)

    finding = row.cross_findings.get()
    assert finding.code == CrossCode.HIRING_ENTERPRISE_AMBIGUOUS
    assert sorted(finding.candidates) == ["上海华信软件有限公司", "华信软件(上海)有限公司"]


def test_a_row_without_a_usable_id_number_still_gets_its_hiring_enterprise_checked(
    institution_application,
) -> None:  # type: ignore[no-untyped-def]
    row = add_row(institution_application, 4, hiring="不存在的公司")
    row.id_hash = ""
    row.save()

    refresh_findings(institution_application)

    assert codes(row) == [CrossCode.HIRING_ENTERPRISE_NOT_FOUND.value]


def test_an_institution_that_names_an_enterprise_is_not_matched_against_institutions(directory) -> None:  # type: ignore[no-untyped-def]
    factories.make_organisation(number=12, kind="institution", name="闵行培训学校")
    application = make_application(factories.make_organisation(number=12, kind="institution"))
    row = add_row(application, 5, hiring="闵行培训学校")

    refresh_findings(application)

    assert codes(row) == [CrossCode.HIRING_ENTERPRISE_NOT_FOUND.value]
