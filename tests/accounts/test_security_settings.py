from __future__ import annotations

import pytest

from tests import factories


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_for_a_while(client, enterprise_user) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        client.post("/accounts/login/", {"username": "ent-user", "password": "wrong-password"})
    response = client.post("/accounts/login/", {"username": "ent-user", "password": factories.PASSWORD})
    assert response.status_code == 429
    assert "暂时无法登录" in response.content.decode()


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_script(client, directory) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_a_session_idle_for_thirty_minutes_ends(client, enterprise_user) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.post("/accounts/login/", {"username": "ent-user", "password": factories.PASSWORD})
    session = Session.objects.get()
    assert timedelta(minutes=29) < session.expire_date - timezone.now() <= timedelta(minutes=30)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/accounts/home/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_activity_pushes_the_expiry_forward_at_most_once_a_minute(client, enterprise_user) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.post("/accounts/login/", {"username": "ent-user", "password": factories.PASSWORD})
    client.get("/accounts/home/")
    first = Session.objects.get().expire_date
    client.get("/accounts/home/")
    assert Session.objects.get().expire_date == first  # no write within the minute
    session = client.session
    session["_seen"] = 0
    session.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))
    client.get("/accounts/home/")
    assert Session.objects.get().expire_date - timezone.now() > timedelta(minutes=29)


@pytest.mark.django_db
def test_password_spraying_from_one_address_is_stopped_and_other_addresses_are_not(
    client, enterprise
) -> None:  # type: ignore[no-untyped-def]
    accounts = [factories.make_applicant(enterprise, f"spray-{n}").username for n in range(15)]
    answers = []
    for _ in range(4):  # four guesses each: under the limit of five per user name and address
        for username in accounts:
            response = client.post(
                "/accounts/login/",
                {"username": username, "password": "Winter2026!"},
                REMOTE_ADDR="203.0.113.7",
            )
            answers.append(response.status_code)
    assert len(answers) == 60
    assert answers.count(429) >= 60 - 30  # the address is stopped after 30 failures
    assert set(answers[-10:]) == {429}
    right = {"username": accounts[0], "password": factories.PASSWORD}
    assert client.post("/accounts/login/", right, REMOTE_ADDR="203.0.113.7").status_code == 429
    elsewhere = client.post("/accounts/login/", right, REMOTE_ADDR="198.51.100.20")
    assert elsewhere.status_code == 302
