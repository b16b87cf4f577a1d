"""Sensitive personal information (ID and passport numbers, GB/T 35273-2020).

Numbers are stored encrypted with AES-256-GCM (authenticated encryption, from the
``cryptography`` package) and looked up through an HMAC-SHA256 of the person key,
so equal numbers can be found and compared without ever being decrypted. Keys are
passed in: the domain holds no secrets. Each ciphertext starts with the id of the
key that made it, so keys can be rotated while old data is still readable.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from shenbao.domain.idcard import drop_separators

NONCE_BYTES = 12


class ProtectionError(Exception):
    """A key is missing or malformed, or a ciphertext was made with an unknown key."""


def normalise_number(number: str) -> str:
    """Full-width to half-width, no spaces or dashes, upper case (lower-case x is the same X)."""
    return drop_separators(number).upper()


def person_key(id_type: str, number: str) -> str:
    """What identifies a person across rosters: the document type and its normalised number."""
    return f"{id_type.strip()}:{normalise_number(number)}"


def mask(number: str) -> str:
    """``310101********123X``: the region and the last four stay, the rest is hidden."""
    n = normalise_number(number)
    if len(n) <= 6:
        return "*" * len(n)
    keep_head = 6 if len(n) >= 15 else 2
    return n[:keep_head] + "*" * (len(n) - keep_head - 4) + n[-4:]


def decode_key(text: str, *, name: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
    except ValueError:
        raise ProtectionError(f"{name}: not valid base64") from None
    if len(raw) != 32:
        raise ProtectionError(f"{name}: must decode to 32 bytes, got {len(raw)}")
    return raw


def new_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


@dataclass(frozen=True)
class Protector:
    """Encrypts with the current key; decrypts with any key it knows."""

    keys: dict[str, bytes]  # key id -> 32-byte AES key
    current: str  # id of the key used for new ciphertexts
    lookup_key: bytes  # HMAC key for person keys; rotating it means rehashing everything

    def __post_init__(self) -> None:
        if self.current not in self.keys:
            raise ProtectionError(f"current key id {self.current!r} is not among the keys")
        if any(":" in key_id for key_id in self.keys):
            raise ProtectionError("key ids must not contain ':'")

    def encrypt(self, plain: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.keys[self.current]).encrypt(nonce, plain.encode(), self.current.encode())
        return f"{self.current}:{base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str) -> str:
        key_id, _, body = token.partition(":")
        if key_id not in self.keys:
            raise ProtectionError(f"ciphertext made with unknown key id {key_id!r}")
        try:
            raw = base64.b64decode(body, validate=True)
        except ValueError:
            raise ProtectionError("ciphertext is not valid base64 (damaged or cut short)") from None
        if len(raw) <= NONCE_BYTES:
            raise ProtectionError("ciphertext is shorter than its nonce (damaged or cut short)")
        try:
            return (
                AESGCM(self.keys[key_id])
                .decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], key_id.encode())
                .decode()
            )
        except InvalidTag:
            raise ProtectionError("ciphertext does not authenticate (tampered, or the wrong key)") from None

    def key_id_of(self, token: str) -> str:
        return token.partition(":")[0]

    def lookup_hash(self, id_type: str, number: str) -> str:
        key = person_key(id_type, number).encode()
        return hmac.new(self.lookup_key, key, hashlib.sha256).hexdigest()
