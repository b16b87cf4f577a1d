from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from shenbao.domain.personal import Cipher, new_key

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_with_production_settings_reports_nothing(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SHENBAO_", "PG", "DJANGO_"))}
    env |= {
        "SHENBAO_ENV": "production",
        "SHENBAO_SECRET_KEY": "x" * 20 + new_key() + new_key(),
        "SHENBAO_ALLOWED_HOSTS": "shenbao.example.gov.cn",
        "SHENBAO_DATA_KEYS": f"k1:{new_key()}",
        "SHENBAO_LOOKUP_KEY": new_key(),
        "SHENBAO_AUDIT_KEYS": f"a1:{new_key()}",
        "SHENBAO_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_turns_the_secure_cookie_and_https_settings_on(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SHENBAO_", "PG", "DJANGO_"))}
    env |= {
        "SHENBAO_ENV": "production",
        "SHENBAO_SECRET_KEY": "y" * 60,
        "SHENBAO_ALLOWED_HOSTS": "shenbao.example.gov.cn",
        "SHENBAO_DATA_KEYS": f"k1:{new_key()}",
        "SHENBAO_LOOKUP_KEY": new_key(),
        "SHENBAO_AUDIT_KEYS": f"a1:{new_key()}",
        "SHENBAO_VAR_DIR": str(tmp_path),
    }
    code = (
        "from shenbao.config import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.SHENBAO_REQUIRE_SECOND_FACTOR)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "True"], result.stderr


def production_env(tmp_path: Path, **keys: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SHENBAO_", "PG", "DJANGO_"))}
    return env | {
        "SHENBAO_ENV": "production",
        "SHENBAO_SECRET_KEY": "z" * 60,
        "SHENBAO_ALLOWED_HOSTS": "shenbao.example.gov.cn",
        "SHENBAO_VAR_DIR": str(tmp_path),
        **keys,
    }


def test_the_national_cryptography_profile_starts_with_only_its_own_keys(tmp_path: Path) -> None:
    env = production_env(
        tmp_path,
        SHENBAO_CRYPTO="sm",
        SHENBAO_SM4_DATA_KEYS=f"s1:{new_key(Cipher.SM4_GCM)}",
        SHENBAO_SM3_LOOKUP_KEY=new_key(),
        SHENBAO_AUDIT_KEYS=f"a1:{new_key()}",
    )
    code = "from shenbao.personal_data import protector; import django; django.setup(); print(protector().encrypt('x')[:9])"
    env["DJANGO_SETTINGS_MODULE"] = "shenbao.config.settings"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "sm4gcm:s1", result.stderr


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (
            {"SHENBAO_CRYPTO": "sm", "SHENBAO_DATA_KEYS": f"k1:{new_key()}", "SHENBAO_LOOKUP_KEY": new_key()},
            "SHENBAO_SM4_DATA_KEYS (SHENBAO_CRYPTO=sm needs its own keys); SHENBAO_SM3_LOOKUP_KEY (SHENBAO_CRYPTO=sm "
            "needs its own keys); SHENBAO_AUDIT_KEYS (SHENBAO_CRYPTO=sm needs its own keys)",
        ),
        (
            {"SHENBAO_CRYPTO": "sm", "SHENBAO_SM4_DATA_KEYS": f"s1:{new_key()}"},
            "SHENBAO_SM4_DATA_KEYS[s1]: must decode to 16 bytes, got 32",
        ),
        ({"SHENBAO_CRYPTO": "sm4"}, "SHENBAO_CRYPTO='sm4': expected one of aes, sm"),
        (
            {
                "SHENBAO_DATA_KEYS": f"k1:{new_key()}",
                "SHENBAO_SM4_DATA_KEYS": f"k1:{new_key(Cipher.SM4_GCM)}",
                "SHENBAO_LOOKUP_KEY": new_key(),
                "SHENBAO_AUDIT_KEYS": f"a1:{new_key()}",
            },
            "key id 'k1' is in both",
        ),
    ],
    ids=["sm-without-its-keys", "sm4-key-of-aes-length", "unknown-profile", "one-id-in-both-lists"],
)
def test_a_missing_or_wrong_key_stops_the_server_naming_the_variable(
    tmp_path: Path, keys: dict[str, str], message: str
) -> None:
    code = "import shenbao.config.settings"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(tmp_path, **keys),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and message in result.stderr, result.stderr


def test_check_deploy_without_the_production_variables_says_which_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SHENBAO_", "PG", "DJANGO_"))}
    env |= {"SHENBAO_ENV": "production", "SHENBAO_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for name in (
        "SHENBAO_SECRET_KEY",
        "SHENBAO_DATA_KEYS",
        "SHENBAO_LOOKUP_KEY",
        "SHENBAO_AUDIT_KEYS",
        "SHENBAO_ALLOWED_HOSTS",
    ):
        assert name in lines[0]
