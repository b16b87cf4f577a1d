"""The project's Protector, built once from the settings."""

from __future__ import annotations

from functools import cache

from django.conf import settings

from shenbao.domain.personal import ProtectionError, Protector, decode_key


@cache
def protector() -> Protector:
    keys: dict[str, bytes] = {}
    order: list[str] = []
    for item in str(settings.SHENBAO_DATA_KEYS).split(","):
        key_id, sep, text = item.strip().partition(":")
        if not sep or not key_id:
            raise ProtectionError("SHENBAO_DATA_KEYS: expected id:base64key[,id:base64key…]")
        keys[key_id] = decode_key(text, name=f"SHENBAO_DATA_KEYS[{key_id}]")
        order.append(key_id)
    lookup = decode_key(str(settings.SHENBAO_LOOKUP_KEY), name="SHENBAO_LOOKUP_KEY")
    return Protector(keys=keys, current=order[0], lookup_key=lookup)
