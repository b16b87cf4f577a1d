"""Typed readers for settings taken from the environment.

Each helper refuses a bad value with a message naming the variable, so a
misconfigured server stops at start-up instead of misbehaving later
(the healthchecks pattern).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path


class SettingError(Exception):
    """An environment variable holds a value the setting cannot use."""


def exit_on_setting_error(command: Callable[[], object]) -> None:
    """Run a command; a bad or missing setting ends it with one line naming the variables, not a traceback."""
    try:
        command()
    except SettingError as exc:
        sys.exit(f"shenbao: 设置有误 / invalid settings: {exc}")


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SettingError(f"{name}={raw!r}: expected one of true/false/1/0/yes/no/on/off")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise SettingError(f"{name}={raw!r}: expected a whole number") from None
    if minimum is not None and value < minimum:
        raise SettingError(f"{name}={value}: must be at least {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    raw = os.environ.get(name)
    return Path(raw.strip()) if raw and raw.strip() else default


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise SettingError(f"{name}={value!r}: expected one of {', '.join(choices)}")
    return value
