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


def env_required(name: str, what: str) -> str:
    value = env_str(name)
    if not value:
        raise SettingError(f"{name}: required ({what})")
    return value


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


def parse_keys(text: str, *, name: str, key_bytes: int) -> list[tuple[str, bytes]]:
    """``id:base64key[,id:base64key…]`` as (id, key) pairs, each key exactly ``key_bytes`` long."""
    from shenbao.domain.personal import KEY_ID, ProtectionError, decode_key

    pairs: list[tuple[str, bytes]] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        key_id, sep, encoded = item.partition(":")
        if not sep or not KEY_ID.fullmatch(key_id):
            raise SettingError(
                f"{name}: expected id:base64key[,id:base64key…], each id 1 to 32 letters, digits, '.', '_' or '-'"
            )
        try:
            pairs.append((key_id, decode_key(encoded, name=f"{name}[{key_id}]", length=key_bytes)))
        except ProtectionError as exc:
            raise SettingError(str(exc)) from None
    if len({key_id for key_id, _ in pairs}) != len(pairs):
        raise SettingError(f"{name}: a key id is given twice")
    return pairs


def env_keys(name: str, default: str, *, key_bytes: int) -> str:
    """A list of ``id:base64key`` checked now (so a bad key stops the server), returned as written."""
    value = env_str(name, default)
    parse_keys(value, name=name, key_bytes=key_bytes)
    return value


def env_key(name: str, default: str, *, key_bytes: int) -> str:
    """One base64 key of at least ``key_bytes`` bytes, checked now, returned as written."""
    from shenbao.domain.personal import ProtectionError, decode_key

    value = env_str(name, default)
    if value:
        try:
            decode_key(value, name=name, length=key_bytes)
        except ProtectionError as exc:
            raise SettingError(str(exc)) from None
    return value


def check_profile_keys(
    *,
    profile: str,
    data_keys: str,
    sm4_data_keys: str,
    lookup_key: str,
    sm3_lookup_key: str,
    audit_keys: str,
) -> list[str]:
    """What the chosen SHENBAO_CRYPTO profile lacks (each named with why, for settings' one-line report);
    data key ids given in both lists stop here."""
    needed = (
        {"SHENBAO_DATA_KEYS": data_keys, "SHENBAO_LOOKUP_KEY": lookup_key}
        if profile == "aes"
        else {"SHENBAO_SM4_DATA_KEYS": sm4_data_keys, "SHENBAO_SM3_LOOKUP_KEY": sm3_lookup_key}
    )
    needed["SHENBAO_AUDIT_KEYS"] = audit_keys
    missing = [
        f"{name} (SHENBAO_CRYPTO={profile} needs its own keys)" for name, value in needed.items() if not value
    ]
    aes_ids = {key_id for key_id, _ in parse_keys(data_keys, name="SHENBAO_DATA_KEYS", key_bytes=32)}
    sm4_ids = {key_id for key_id, _ in parse_keys(sm4_data_keys, name="SHENBAO_SM4_DATA_KEYS", key_bytes=16)}
    if both := sorted(aes_ids & sm4_ids):
        raise SettingError(
            f"SHENBAO_DATA_KEYS and SHENBAO_SM4_DATA_KEYS: key id {both[0]!r} is in both; ids must be unique"
        )
    return missing
