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


def test_sessions_end_after_thirty_idle_minutes() -> None:
    from shenbao.config import settings

    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
