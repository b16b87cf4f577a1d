from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from shenbao.accounts import otp_services
from shenbao.audit.models import Action, AuditRecord
from tests import factories

OTP_PAGES = {"/accounts/otp/", "/accounts/otp/setup/", "/accounts/otp/setup/qr.svg", "/accounts/logout/"}


@pytest.fixture(autouse=True)
def _second_factor_on(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SHENBAO_REQUIRE_SECOND_FACTOR = True


def sign_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    response = client.post("/accounts/login/", {"username": user.username, "password": factories.PASSWORD})
    assert response.status_code == 302, "the password step itself must succeed"
    return client


def enrol(user) -> TOTPDevice:  # type: ignore[no-untyped-def]
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def every_url() -> list[str]:
    """One concrete path for every URL pattern of the project (parameters filled with dummies)."""
    samples = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": str(uuid.UUID(int=0))}
    found: list[str] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            else:
                route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: samples.get(m.group(1) or "str", "x"), route)
                found.append("/" + route.lstrip("^").rstrip("$").replace("\\Z", ""))

    walk(get_resolver().url_patterns, "")
    return sorted(set(found) - OTP_PAGES)


@pytest.mark.parametrize("persona", ["reviewer", "city_admin", "security_auditor"])
def test_staff_with_only_a_password_are_sent_to_the_second_factor_from_every_url(persona, request) -> None:  # type: ignore[no-untyped-def]
    user = request.getfixturevalue(persona)
    enrol(user)
    client = sign_in(user)
    urls = every_url()
    assert "/audit/" in urls and "/accounts/home/" in urls and "/admin/" in urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/otp/?next="), url


def test_staff_without_an_authenticator_are_sent_to_set_one_up(reviewer) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(reviewer)
    response = client.get("/accounts/home/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/setup/")


def test_a_valid_totp_code_lets_a_reviewer_in_and_is_recorded(reviewer) -> None:  # type: ignore[no-untyped-def]
    device = enrol(reviewer)
    client = sign_in(reviewer)
    response = client.post("/accounts/otp/", {"code": code_for(device), "next": "/review/"})
    assert response.status_code == 302 and response["Location"] == "/review/"
    assert client.get("/accounts/home/").status_code == 200
    assert AuditRecord.objects.filter(action=Action.OTP_VERIFIED, actor=reviewer).exists()


def test_a_wrong_code_is_refused_and_recorded(city_admin) -> None:  # type: ignore[no-untyped-def]
    enrol(city_admin)
    client = sign_in(city_admin)
    response = client.post("/accounts/otp/", {"code": "000000"})
    assert response.status_code == 200 and "验证码不正确" in response.content.decode()
    assert client.get("/audit/").status_code == 302
    assert AuditRecord.objects.filter(action=Action.OTP_FAILED, actor=city_admin).count() == 1


def test_the_next_address_must_stay_on_this_site(reviewer) -> None:  # type: ignore[no-untyped-def]
    device = enrol(reviewer)
    client = sign_in(reviewer)
    response = client.post("/accounts/otp/", {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == "/accounts/home/"


def test_enrolment_shows_a_qr_code_confirms_a_first_code_and_shows_ten_recovery_codes_once(reviewer) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(reviewer)
    page = client.get("/accounts/otp/setup/").content.decode()
    assert '<img src="/accounts/otp/setup/qr.svg"' in page and "<script>" not in page
    qr = client.get("/accounts/otp/setup/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and qr.content.startswith(b"<svg")
    pending = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    response = client.post("/accounts/otp/setup/", {"code": code_for(pending)})
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=reviewer).confirmed
    assert client.get("/accounts/home/").status_code == 200
    assert otp_services.recovery_codes_left(reviewer) == 10
    # The codes are not shown again: the setup page now only offers to replace them.
    assert not any(code in client.get("/accounts/otp/setup/").content.decode() for code in codes)


def test_a_wrong_first_code_does_not_confirm_the_authenticator(reviewer) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(reviewer)
    client.get("/accounts/otp/setup/")
    client.post("/accounts/otp/setup/", {"code": "123456"})
    assert not TOTPDevice.objects.filter(user=reviewer, confirmed=True).exists()
    assert client.get("/accounts/home/").status_code == 302


def test_a_recovery_code_works_once(reviewer) -> None:  # type: ignore[no-untyped-def]
    enrol(reviewer)
    code = otp_services.issue_recovery_codes(user=reviewer)[0]
    first = sign_in(reviewer)
    assert first.post("/accounts/otp/", {"code": code})["Location"] == "/accounts/home/"
    assert first.get("/accounts/home/").status_code == 200
    second = sign_in(reviewer)
    assert second.post("/accounts/otp/", {"code": code}).status_code == 200
    assert second.get("/accounts/home/").status_code == 302
    assert otp_services.recovery_codes_left(reviewer) == 9


def test_an_unverified_session_cannot_replace_the_authenticator(reviewer) -> None:  # type: ignore[no-untyped-def]
    enrol(reviewer)
    client = sign_in(reviewer)
    assert client.get("/accounts/otp/setup/")["Location"] == "/accounts/otp/"
    assert client.get("/accounts/otp/setup/qr.svg").status_code == 404


def test_an_exempt_demo_account_passes_and_is_told_so(directory) -> None:  # type: ignore[no-untyped-def]
    reviewer = factories.make_reviewer(5, "demo-reviewer")
    reviewer.otp_exempt = True
    reviewer.save()
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "demo-reviewer", "password": factories.PASSWORD}, follow=True
    )
    assert response.status_code == 200 and response.redirect_chain[-1][0] == "/accounts/home/"
    assert "演示账号，未启用双因素认证" in response.content.decode()


def test_applicants_are_not_asked_unless_they_opted_in(enterprise_user) -> None:  # type: ignore[no-untyped-def]
    assert sign_in(enterprise_user).get("/accounts/home/").status_code == 200
    device = enrol(enterprise_user)
    client = sign_in(enterprise_user)
    assert client.get("/accounts/home/")["Location"].startswith("/accounts/otp/")
    client.post("/accounts/otp/", {"code": code_for(device)})
    assert client.get("/accounts/home/").status_code == 200


def test_an_applicant_can_opt_in_from_the_setup_page(enterprise_user) -> None:  # type: ignore[no-untyped-def]
    client = sign_in(enterprise_user)
    assert "启用后" in client.get("/accounts/otp/setup/").content.decode()
    pending = TOTPDevice.objects.get(user=enterprise_user, confirmed=False)
    client.post("/accounts/otp/setup/", {"code": code_for(pending)})
    assert TOTPDevice.objects.filter(user=enterprise_user, confirmed=True).exists()
    assert AuditRecord.objects.filter(action=Action.OTP_ENROLLED, actor=enterprise_user).exists()


def test_new_recovery_codes_replace_the_old_ones_only_in_a_verified_session(reviewer) -> None:  # type: ignore[no-untyped-def]
    device = enrol(reviewer)
    old = otp_services.issue_recovery_codes(user=reviewer)
    client = sign_in(reviewer)
    assert (
        client.post("/accounts/otp/recovery-codes/").status_code == 302
    )  # not yet verified: to the code page
    client.post("/accounts/otp/", {"code": code_for(device)})
    assert client.get("/accounts/otp/recovery-codes/")["Location"] == "/accounts/otp/setup/"
    page = client.post("/accounts/otp/recovery-codes/").content.decode()
    new = re.findall(r"<li><code>(\w+)</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert otp_services.recovery_codes_left(reviewer) == 10
