"""Stored uploads are served as the kind they were verified as; full ID numbers are never cached."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from shenbao.applications import services
from shenbao.applications.models import Application
from shenbao.domain.workflow import Status
from shenbao.uploads import download_name
from tests.security.matrix_fixtures import PDF, World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(enterprise_user, reviewer) -> World:  # type: ignore[no-untyped-def]
    return build_world(enterprise_user=enterprise_user, reviewer=reviewer, status=Status.DRAFT)


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def assert_served_as_pdf(response, name: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("attachment;")
    assert name in response["Content-Disposition"]


def test_a_pdf_named_html_is_served_as_a_pdf_download_to_applicant_and_reviewer(
    world: World, enterprise_user, reviewer
) -> None:  # type: ignore[no-untyped-def]
    disguised = services.add_attachment(
        by=enterprise_user, application=world.application, upload=SimpleUploadedFile("x.html", PDF)
    )
    Application.objects.filter(pk=world.application.pk).update(status=Status.SUBMITTED)
    own = signed_in(enterprise_user).get(
        reverse("applications:attachment", args=[world.application.pk, disguised.pk])
    )
    assert_served_as_pdf(own, "x.html.pdf")
    reviewed = signed_in(reviewer).get(
        reverse("reviews:attachment", args=[world.application.pk, disguised.pk])
    )
    assert_served_as_pdf(reviewed, "x.html.pdf")


def test_a_licence_scan_is_served_as_the_kind_its_content_is(world: World, reviewer) -> None:  # type: ignore[no-untyped-def]
    response = signed_in(reviewer).get(reverse("organisations:licence", args=[world.organisation.pk]))
    assert_served_as_pdf(response, ".pdf")


@pytest.mark.parametrize(
    ("name", "kind", "served"),
    [
        ("x.html", "pdf", "x.html.pdf"),
        ("报告.PDF", "pdf", "报告.PDF"),
        ("../../etc/passwd", "png", "passwd.png"),
        ('a\r\nb";.jpeg', "jpeg", "ab_;.jpeg"),
        ("", "pdf", "附件.pdf"),
        ("x" * 300 + ".pdf", "pdf", "x" * 96 + ".pdf"),
    ],
)
def test_the_download_name_cannot_pass_for_another_kind_or_place(name: str, kind: str, served: str) -> None:
    assert download_name(name, kind) == served


def test_partials_showing_a_full_id_number_are_never_cached(world: World, enterprise_user, reviewer) -> None:  # type: ignore[no-untyped-def]
    row_form = signed_in(enterprise_user).get(
        reverse("applications:edit_row", args=[world.application.pk, world.row.pk]), HTTP_HX_REQUEST="true"
    )
    assert row_form.status_code == 200 and "no-store" in row_form["Cache-Control"]
    Application.objects.filter(pk=world.application.pk).update(status=Status.SUBMITTED)
    full = signed_in(reviewer).get(
        reverse("reviews:full_id", args=[world.application.pk, world.row.pk]), HTTP_HX_REQUEST="true"
    )
    assert full.status_code == 200 and "no-store" in full["Cache-Control"]
