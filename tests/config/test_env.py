import os
import subprocess
import sys

import pytest

from shenbao.config.env import SettingError, env_bool, env_choice, env_int, env_list


def test_booleans_accept_the_usual_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "off")
    assert env_bool("X_FLAG", True) is False


@pytest.mark.parametrize(
    ("setter", "value", "message"),
    [
        (lambda: env_bool("X_V", False), "maybe", "expected one of true/false"),
        (lambda: env_int("X_V", 1), "ten", "expected a whole number"),
        (lambda: env_int("X_V", 1, minimum=5), "2", "must be at least 5"),
        (lambda: env_choice("X_V", "a", ("a", "b")), "c", "expected one of a, b"),
    ],
)
def test_bad_values_are_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, setter, value, message
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("X_V", value)
    with pytest.raises(SettingError, match=f"X_V.*{message}"):
        setter()


def test_lists_split_on_commas_and_drop_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_L", " a.example, ,b.example ")
    assert env_list("X_L", []) == ["a.example", "b.example"]


def test_production_refuses_to_start_without_a_secret_key() -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("SHENBAO_", "PG"))}
    env |= {"SHENBAO_ENV": "production", "SHENBAO_ALLOWED_HOSTS": "shenbao.example"}
    result = subprocess.run(
        [sys.executable, "-c", "import shenbao.config.settings"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "SHENBAO_SECRET_KEY" in result.stderr


def test_every_setting_read_from_the_environment_is_listed_in_env_example() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    read = set(
        re.findall(r'env_\w+\("((?:SHENBAO|PG)\w+)"', (root / "shenbao/config/settings.py").read_text())
    )
    listed = set(re.findall(r"^(\w+)=", (root / ".env.example").read_text(), re.M))
    assert read and read <= listed, f"missing from .env.example: {sorted(read - listed)}"


def _settings_in_a_fresh_process(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SHENBAO_", "PG"))}
    return subprocess.run(
        [sys.executable, "-c", "import shenbao.config.settings as s; " + code],
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_files_are_stored_on_disk_unless_s3_is_configured() -> None:
    shown = _settings_in_a_fresh_process(
        {},
        "print(s.STORAGES['plain']['BACKEND'], s.STORAGES['default']['BACKEND'], s.STORAGES['default']['OPTIONS'])",
    )
    # What is stored is sealed first (EncryptedStorage), then kept by "plain": files on disk by default.
    assert shown.stdout.strip().split(maxsplit=2) == [
        "django.core.files.storage.FileSystemStorage",
        "shenbao.storage.EncryptedStorage",
        "{'inner': 'plain'}",
    ]

    env = {
        "SHENBAO_STORAGE": "s3",
        "SHENBAO_S3_BUCKET": "uploads",
        "SHENBAO_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    }
    shown = _settings_in_a_fresh_process(
        env,
        "o = s.STORAGES['plain']; print(o['BACKEND'], o['OPTIONS']['bucket_name'], o['OPTIONS']['addressing_style'])",
    )
    assert shown.stdout.split() == ["storages.backends.s3.S3Storage", "uploads", "path"]


def test_s3_without_a_bucket_is_refused_naming_the_variable() -> None:
    refused = _settings_in_a_fresh_process({"SHENBAO_STORAGE": "s3"}, "")
    assert refused.returncode != 0 and "SHENBAO_S3_BUCKET" in refused.stderr


def test_a_stale_limit_shorter_than_three_heartbeats_is_refused() -> None:
    env = {"SHENBAO_WORKER_HEARTBEAT_SECONDS": "10", "SHENBAO_WORKER_STALE_SECONDS": "20"}
    refused = _settings_in_a_fresh_process(env, "")
    assert refused.returncode != 0 and "SHENBAO_WORKER_STALE_SECONDS" in refused.stderr
