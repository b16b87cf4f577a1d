"""Sensitive personal information (ID and passport numbers, GB/T 35273-2020).

Numbers are stored encrypted (authenticated encryption: AES-256-GCM, or SM4-GCM in the
national-cryptography profile, see ``ciphers``) and looked up through an HMAC of the person key
(HMAC-SHA-256, or HMAC-SM3), so equal numbers can be found and compared without ever being
decrypted. Keys are passed in: the domain holds no secrets.

A ciphertext records its cipher and the id of the key that made it, ``sm4gcm:k2027:<base64>``,
so keys and profiles can change while old data stays readable. Tokens written before the
profiles existed, ``k2026:<base64>``, are AES-256-GCM and stay readable.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from cryptography.exceptions import InvalidTag

from shenbao.domain.ciphers import (
    KEY_BYTES,
    NONCE_BYTES,
    PROFILE_CIPHER,
    PROFILE_HASH,
    Aead,
    Cipher,
    Mac,
    Profile,
    aead,
)
from shenbao.domain.idcard import drop_separators

__all__ = [
    "NONCE_BYTES",
    "Cipher",
    "DataKey",
    "Profile",
    "ProtectionError",
    "Protector",
    "decode_key",
    "mask",
    "new_key",
    "normalise_number",
    "person_key",
]

# Short enough that a wrapped file key fits the fixed file header (sealed_files.HEADER_BYTES).
KEY_ID = re.compile(r"[A-Za-z0-9_.-]{1,32}")
LOOKUP_KEY_BYTES = 32


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
    return mask_normalised(normalise_number(number))


def mask_normalised(n: str) -> str:
    """``mask`` of a number normalise_number already gave (an upload normalises each number once)."""
    if len(n) <= 6:
        return "*" * len(n)
    keep_head = 6 if len(n) >= 15 else 2
    return n[:keep_head] + "*" * (len(n) - keep_head - 4) + n[-4:]


def decode_key(text: str, *, name: str, length: int = 32) -> bytes:
    """A key written as URL-safe base64 (padding optional), of exactly ``length`` bytes."""
    cleaned = text.strip()
    try:
        raw = base64.urlsafe_b64decode(cleaned + "=" * (-len(cleaned) % 4))
    except (ValueError, binascii.Error):
        raise ProtectionError(f"{name}: not valid base64") from None
    if len(raw) != length:
        raise ProtectionError(f"{name}: must decode to {length} bytes, got {len(raw)}")
    return raw


def new_key(cipher: Cipher = Cipher.AES_256_GCM) -> str:
    """A random key for ``cipher`` (32 bytes for AES-256, 16 for SM4), as URL-safe base64."""
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES[cipher])).decode().rstrip("=")


@dataclass(frozen=True)
class DataKey:
    key_id: str
    cipher: Cipher
    secret: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if not KEY_ID.fullmatch(self.key_id):
            raise ProtectionError(
                f"key id {self.key_id!r}: use 1 to 32 letters, digits, '.', '_' or '-' (it must not contain ':')"
            )
        if len(self.secret) != KEY_BYTES[self.cipher]:
            raise ProtectionError(
                f"key {self.key_id!r}: {self.cipher} needs {KEY_BYTES[self.cipher]} bytes, got {len(self.secret)}"
            )


class _Token(NamedTuple):
    # A tuple, not a frozen dataclass: an annotated copy parses 100,000 tokens (bench/README.md).
    cipher: Cipher
    key_id: str
    aad: bytes
    body: str


_CIPHERS = {str(cipher): cipher for cipher in Cipher}


def _parse(token: str) -> _Token:
    parts = token.split(":")
    if len(parts) == 2:  # before the profiles: key id and body, AES-256-GCM, the key id as AAD
        return _Token(Cipher.AES_256_GCM, parts[0], parts[0].encode(), parts[1])
    if len(parts) == 3:
        cipher = _CIPHERS.get(parts[0])
        if cipher is None:
            raise ProtectionError(f"ciphertext names an unknown cipher {parts[0]!r}")
        return _Token(cipher, parts[1], f"{cipher}:{parts[1]}".encode(), parts[2])
    raise ProtectionError("ciphertext is not of the form cipher:key-id:body (damaged or cut short)")


@dataclass(frozen=True)
class Protector:
    """Encrypts with the current key of the profile; decrypts with any key it knows, of either profile."""

    keys: tuple[DataKey, ...]
    current: str  # id of the key used for new ciphertexts; its cipher is the profile's
    lookup_key: bytes = field(repr=False)  # HMAC key for person keys; changing it means rehashing
    profile: Profile = Profile.AES
    _aeads: dict[str, tuple[Cipher, Aead]] = field(init=False, repr=False, compare=False)
    _mac: Mac = field(init=False, repr=False, compare=False)
    # What seal puts in front of every ciphertext and binds as AAD, made once (an upload seals 100,000).
    _sealing: tuple[str, bytes] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id: dict[str, tuple[Cipher, Aead]] = {}
        for key in self.keys:
            if key.key_id in by_id:
                raise ProtectionError(
                    f"key id {key.key_id!r} is given twice (ids are unique across profiles)"
                )
            by_id[key.key_id] = (key.cipher, aead(key.cipher, key.secret))
        if self.current not in by_id:
            raise ProtectionError(f"current key id {self.current!r} is not among the keys")
        if by_id[self.current][0] is not PROFILE_CIPHER[self.profile]:
            raise ProtectionError(
                f"current key {self.current!r} is a {by_id[self.current][0]} key; "
                f"the {self.profile} profile encrypts with {PROFILE_CIPHER[self.profile]}"
            )
        if len(self.lookup_key) < LOOKUP_KEY_BYTES:
            raise ProtectionError(f"the look-up key must have at least {LOOKUP_KEY_BYTES} bytes")
        object.__setattr__(self, "_aeads", by_id)
        object.__setattr__(self, "_mac", Mac(PROFILE_HASH[self.profile], self.lookup_key))
        object.__setattr__(self, "_sealing", (self.current_prefix, f"{self.cipher}:{self.current}".encode()))

    @classmethod
    def of(cls, keys: Iterable[DataKey], *, lookup_key: bytes, profile: Profile = Profile.AES) -> Protector:
        """The first key of the profile's cipher encrypts; every key decrypts."""
        keys = tuple(keys)
        cipher = PROFILE_CIPHER[profile]
        current = next((k.key_id for k in keys if k.cipher is cipher), None)
        if current is None:
            raise ProtectionError(f"the {profile} profile needs at least one {cipher} key")
        return cls(keys=keys, current=current, lookup_key=lookup_key, profile=profile)

    @property
    def cipher(self) -> Cipher:
        return PROFILE_CIPHER[self.profile]

    @property
    def current_prefix(self) -> str:
        """What every ciphertext made by the current key starts with."""
        return f"{self.cipher}:{self.current}:"

    def is_current(self, token: str) -> bool:
        return token.startswith(self.current_prefix)

    def encrypt(self, plain: str) -> str:
        return self.seal(plain.encode())

    def decrypt(self, token: str) -> str:
        return self.unseal(token).decode()

    def seal(self, data: bytes, *, context: bytes = b"") -> str:
        """Encrypt bytes with the current key; ``context`` (bound, not stored) separates uses."""
        _, sealer = self._aeads[self.current]
        nonce = os.urandom(NONCE_BYTES)
        prefix, aad = self._sealing
        return f"{prefix}{base64.b64encode(nonce + sealer.seal(nonce, data, aad + context)).decode()}"

    def unseal(self, token: str, *, context: bytes = b"") -> bytes:
        parsed = _parse(token)
        if parsed.key_id not in self._aeads:
            raise ProtectionError(f"ciphertext made with unknown key id {parsed.key_id!r}")
        cipher, opener = self._aeads[parsed.key_id]
        if cipher is not parsed.cipher:
            raise ProtectionError(f"ciphertext says {parsed.cipher} but key {parsed.key_id!r} is {cipher}")
        try:
            raw = base64.b64decode(parsed.body, validate=True)
        except (ValueError, binascii.Error):
            raise ProtectionError("ciphertext is not valid base64 (damaged or cut short)") from None
        if len(raw) <= NONCE_BYTES:
            raise ProtectionError("ciphertext is shorter than its nonce (damaged or cut short)")
        try:
            return opener.open(raw[:NONCE_BYTES], raw[NONCE_BYTES:], parsed.aad + context)
        except InvalidTag:
            raise ProtectionError("ciphertext does not authenticate (tampered, or the wrong key)") from None

    def key_id_of(self, token: str) -> str:
        return _parse(token).key_id

    def cipher_of(self, token: str) -> Cipher:
        return _parse(token).cipher

    def label_of(self, token: str) -> str:
        """``sm4gcm:k2027``; ``aes256gcm:k2026`` also for a token written before the profiles."""
        parsed = _parse(token)
        return f"{parsed.cipher}:{parsed.key_id}"

    def new_content_key(self) -> tuple[Cipher, bytes]:
        """A random key for one file's contents, of the current profile's cipher (envelope encryption)."""
        return self.cipher, os.urandom(KEY_BYTES[self.cipher])

    def lookup_hash(self, id_type: str, number: str) -> str:
        return self._mac.hexdigest(person_key(id_type, number).encode())

    def lookup_hash_normalised(self, id_type: str, number: str) -> str:
        """``lookup_hash`` of a number normalise_number already gave (``person_key`` without normalising again)."""
        return self._mac.hexdigest(f"{id_type.strip()}:{number}".encode())

    @property
    def lookup_fingerprint(self) -> str:
        """Names the look-up key and hash without revealing the key: equal means the hashes agree."""
        return f"{self._mac.hash_name}:{self._mac.hexdigest(b'shenbao look-up key fingerprint')[:16]}"
