"""The project's Protector, built once from the settings (SHENBAO_CRYPTO and its keys)."""

from __future__ import annotations

from functools import cache

from django.conf import settings

from shenbao.config.env import parse_keys
from shenbao.domain.personal import Cipher, DataKey, Profile, Protector, decode_key


@cache
def protector() -> Protector:
    """Every data key of both profiles decrypts; the first key of SHENBAO_CRYPTO's profile encrypts."""
    keys = [
        DataKey(key_id, Cipher.AES_256_GCM, raw)
        for key_id, raw in parse_keys(str(settings.SHENBAO_DATA_KEYS), name="SHENBAO_DATA_KEYS", key_bytes=32)
    ] + [
        DataKey(key_id, Cipher.SM4_GCM, raw)
        for key_id, raw in parse_keys(
            str(settings.SHENBAO_SM4_DATA_KEYS), name="SHENBAO_SM4_DATA_KEYS", key_bytes=16
        )
    ]
    profile = Profile(getattr(settings, "SHENBAO_CRYPTO", Profile.AES))
    lookup_name = "SHENBAO_LOOKUP_KEY" if profile is Profile.AES else "SHENBAO_SM3_LOOKUP_KEY"
    lookup = decode_key(str(getattr(settings, lookup_name)), name=lookup_name)
    return Protector.of(keys, lookup_key=lookup, profile=profile)
