"""The inputs of security issue 16 that gave a 500: refused by the form, in Chinese."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from shenbao.applications.models import Application
from shenbao.domain.workflow import Status
from tests.security.matrix_fixtures import World, build_world

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999999"


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client(raise_request_exception=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize("page", ["audit:list", "audit:export"])
@pytest.mark.parametrize("query", [{"date_to": "9999-12-31"}, {"date_from": "0001-01-01"}])
def test_far_dates_in_the_audit_filter_are_refused(
    security_auditor, page: str, query: dict[str, str]
) -> None:  # type: ignore[no-untyped-def]
    response = signed_in(security_auditor).get(reverse(page), query)
    assert response.status_code == 200
    if page == "audit:list":
        assert "请填写 1900-01-01 至 2999-12-31 之间的日期" in response.content.decode()


@pytest.fixture
def world(enterprise_user, reviewer) -> World:  # type: ignore[no-untyped-def]
    return build_world(enterprise_user=enterprise_user, reviewer=reviewer, status=Status.SUBMITTED)


def test_a_huge_row_number_in_the_return_reasons_is_refused(world: World, reviewer) -> None:  # type: ignore[no-untyped-def]
    response = signed_in(reviewer).post(
        reverse("reviews:return", args=[world.application.pk]),
        {
            "version": world.application.version,
            "row_reasons": f"{HUGE}：入职日期不在计入范围",
            "deadline": "2026-12-31",
        },
    )
    assert response.status_code in (200, 302)
    assert Application.objects.get(pk=world.application.pk).status == Status.SUBMITTED


def test_a_huge_version_is_refused_by_the_form(world: World, enterprise_user) -> None:  # type: ignore[no-untyped-def]
    Application.objects.filter(pk=world.application.pk).update(status=Status.DRAFT)
    response = signed_in(enterprise_user).post(
        reverse("applications:edit_row", args=[world.application.pk, world.row.pk]),
        {"version": HUGE, "姓名": "张伟"},
    )
    assert response.status_code == 200
    assert "确保该值小于或等于" in str(response.context["form"].errors["version"])


def test_a_nul_in_the_audit_filter_is_not_kept_in_the_export_record(security_auditor) -> None:  # type: ignore[no-untyped-def]
    # PostgreSQL cannot store a NUL in JSON: the record keeps the filter as the form read it.
    response = signed_in(security_auditor).get(reverse("audit:export"), {"actor": "a\x00b"})
    assert response.status_code == 200


def test_a_cell_far_longer_than_an_id_number_still_saves_its_row(world: World, enterprise_user) -> None:  # type: ignore[no-untyped-def]
    Application.objects.filter(pk=world.application.pk).update(status=Status.DRAFT)
    response = signed_in(enterprise_user).post(
        reverse("applications:edit_row", args=[world.application.pk, world.row.pk]),
        {"version": world.row.version, "证件号码": "X" * 3000},
    )
    assert response.status_code in (200, 302)
    world.row.refresh_from_db()
    assert len(world.row.id_masked) <= 40
