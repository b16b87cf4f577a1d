from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shenbao.accounts.demo import demo_credit_code
from shenbao.accounts.models import User
from shenbao.organisations.models import Organisation, OrganisationStatus
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "enterprise",
        "name": "上海新星信息技术有限公司",
        "code": demo_credit_code("MA1ABCDE"),
        "authority": factories.authority(17).pk,
        "contact_name": "王五",
        "contact_phone": "021-64870000",
        "contact_email": "hr@xinxing.example",
        "username": "xinxing-hr",
        "full_name": "王五",
        "email": "wang@xinxing.example",
        "phone": "13800000000",
        "password1": "Xinxing-2026-secure",
        "password2": "Xinxing-2026-secure",
        "licence": SimpleUploadedFile("执照.pdf", PDF),
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_registration_creates_a_pending_organisation_and_signs_its_first_user_in(client, directory) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/register/", _form())
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="上海新星信息技术有限公司")
    assert organisation.status == OrganisationStatus.PENDING
    assert organisation.authority.number == 17 and organisation.org_code == organisation.code[8:17]
    assert organisation.licence.name == f"licences/{organisation.org_code}/licence"
    user = User.objects.get(username="xinxing-hr")
    assert user.organisation == organisation and user.is_applicant
    assert client.get("/accounts/home/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91310000MA1ABCDE9M", "校验码不正确"),
        ("91310000MA1ABCDEI0", "不使用字母 I"),
        ("12345", "18 位"),
        ("60003734-2", "组织机构代码校验码不正确：按前 8 位计算应为 1"),
    ],
)
def test_a_code_failing_its_check_is_refused_with_what_is_wrong(
    client, directory, code: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/register/", _form(code=code))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Organisation.objects.exists() and not User.objects.exists()


@pytest.mark.django_db
def test_the_form_keeps_what_the_user_typed_when_refused(client, directory) -> None:  # type: ignore[no-untyped-def]
    text = client.post("/register/", _form(code="bad")).content.decode()
    assert 'value="上海新星信息技术有限公司"' in text and 'value="hr@xinxing.example"' in text
    assert "error-summary" in text


@pytest.mark.django_db
def test_a_code_already_registered_names_the_authority_to_contact(client, directory) -> None:  # type: ignore[no-untyped-def]
    existing = factories.make_organisation(number=5)
    legacy = existing.org_code  # the same organisation under its old 9-character code
    text = client.post("/register/", _form(code=legacy)).content.decode()
    assert "该代码已注册" in text and existing.name in text and "28928291" in text and "奚老师" in text


@pytest.mark.django_db
def test_a_licence_that_is_not_pdf_jpg_or_png_by_content_is_refused(client, directory) -> None:  # type: ignore[no-untyped-def]
    fake = SimpleUploadedFile("执照.pdf", b"MZ\x90\x00 this is an exe")
    text = client.post("/register/", _form(licence=fake)).content.decode()
    assert "只接受" in text and not Organisation.objects.exists()


@pytest.mark.django_db
def test_weak_or_mismatched_passwords_are_refused(client, directory) -> None:  # type: ignore[no-untyped-def]
    text = client.post("/register/", _form(password1="12345678", password2="12345678")).content.decode()
    assert "密码" in text and not User.objects.exists()
    text = client.post("/register/", _form(password2="Other-2026-secure")).content.decode()
    assert "两次输入的密码不一致" in text


@pytest.mark.django_db
def test_reviewer_confirms_an_organisation_of_their_authority(client, reviewer) -> None:  # type: ignore[no-untyped-def]
    pending = factories.make_organisation(number=5, confirmed=False)
    client.force_login(reviewer)
    assert pending.name in client.get("/organisations/").content.decode()
    assert client.post(f"/organisations/{pending.pk}/confirm/").status_code == 302
    pending.refresh_from_db()
    assert pending.status == OrganisationStatus.CONFIRMED and pending.confirmed_by == reviewer


@pytest.mark.django_db
def test_reviewer_cannot_confirm_or_see_another_authorities_organisation(client, other_reviewer) -> None:  # type: ignore[no-untyped-def]
    pending = factories.make_organisation(number=5, confirmed=False)
    client.force_login(other_reviewer)
    assert pending.name not in client.get("/organisations/").content.decode()
    assert client.post(f"/organisations/{pending.pk}/confirm/").status_code == 404
    assert client.get(f"/organisations/{pending.pk}/licence/").status_code == 404
    pending.refresh_from_db()
    assert pending.status == OrganisationStatus.PENDING


@pytest.mark.django_db
def test_reviewer_rejects_with_a_reason(client, reviewer) -> None:  # type: ignore[no-untyped-def]
    pending = factories.make_organisation(number=5, confirmed=False)
    client.force_login(reviewer)
    client.post(f"/organisations/{pending.pk}/reject/", {"reason": "营业执照模糊"})
    pending.refresh_from_db()
    assert pending.status == OrganisationStatus.REJECTED and pending.status_comment == "营业执照模糊"


@pytest.mark.django_db
def test_applicants_cannot_reach_the_confirmation_pages(client, enterprise_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(enterprise_user)
    assert client.get("/organisations/").status_code == 404
    assert client.post(f"/organisations/{enterprise_user.organisation_id}/confirm/").status_code == 404
