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
