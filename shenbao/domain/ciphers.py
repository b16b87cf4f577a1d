"""The two cryptographic profiles: AES-256-GCM with HMAC-SHA-256, or SM4-GCM with HMAC-SM3.

Every primitive comes from the ``cryptography`` package (OpenSSL): nothing here is
hand-written cryptography, only the choice of primitives and one object per key, so that
encrypting 100,000 numbers does not build 100,000 cipher objects.

SM4 (GB/T 32907-2016) is a 128-bit block cipher with 128-bit keys; SM3 (GB/T 32905-2016) a
256-bit hash. GCM mode gives SM4 the same authenticated encryption AES-GCM has (GB/T 36624-2018
lists GCM among the authenticated encryption modes for SM4).
"""

from __future__ import annotations

import hashlib
import hmac
from enum import StrEnum
from typing import Protocol

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher as CipherObject
from cryptography.hazmat.primitives.ciphers import algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12
TAG_BYTES = 16


class Cipher(StrEnum):
    """An authenticated cipher; the value is what a ciphertext records."""

    AES_256_GCM = "aes256gcm"
    SM4_GCM = "sm4gcm"


KEY_BYTES: dict[Cipher, int] = {Cipher.AES_256_GCM: 32, Cipher.SM4_GCM: 16}


class Profile(StrEnum):
    """SHENBAO_CRYPTO: which cipher encrypts and which hash keys the look-up hashes."""

    AES = "aes"  # AES-256-GCM + HMAC-SHA-256 (the default)
    SM = "sm"  # SM4-GCM + HMAC-SM3 (commercial cryptography, GB/T 39786-2021)


PROFILE_CIPHER: dict[Profile, Cipher] = {Profile.AES: Cipher.AES_256_GCM, Profile.SM: Cipher.SM4_GCM}
PROFILE_HASH: dict[Profile, str] = {Profile.AES: "sha256", Profile.SM: "sm3"}


class Aead(Protocol):
    """Authenticated encryption with one key: ``seal`` returns ciphertext + tag."""

    def seal(self, nonce: bytes, data: bytes, aad: bytes) -> bytes: ...

    def open(self, nonce: bytes, sealed: bytes, aad: bytes) -> bytes:
        """The plaintext, or ``cryptography.exceptions.InvalidTag``."""
        ...


class _AesGcm:
    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, nonce: bytes, data: bytes, aad: bytes) -> bytes:
        return self._aead.encrypt(nonce, data, aad)

    def open(self, nonce: bytes, sealed: bytes, aad: bytes) -> bytes:
        return self._aead.decrypt(nonce, sealed, aad)


class _Sm4Gcm:
    # cryptography has no one-shot AEAD class for SM4; the key schedule is built once here and
    # only the GCM context (which carries the nonce) is made per message.
    def __init__(self, key: bytes) -> None:
        self._algorithm = algorithms.SM4(key)

    def seal(self, nonce: bytes, data: bytes, aad: bytes) -> bytes:
        encryptor = CipherObject(self._algorithm, modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(aad)
        body = encryptor.update(data) + encryptor.finalize()
        return body + encryptor.tag

    def open(self, nonce: bytes, sealed: bytes, aad: bytes) -> bytes:
        from cryptography.exceptions import InvalidTag

        if len(sealed) < TAG_BYTES:
            raise InvalidTag
        body, tag = sealed[:-TAG_BYTES], sealed[-TAG_BYTES:]
        decryptor = CipherObject(self._algorithm, modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(aad)
        return decryptor.update(body) + decryptor.finalize()


def aead(cipher: Cipher, key: bytes) -> Aead:
    """One cipher object for this key, to be kept and reused."""
    if len(key) != KEY_BYTES[cipher]:
        raise ValueError(f"{cipher} needs a {KEY_BYTES[cipher]}-byte key, got {len(key)}")
    return _AesGcm(key) if cipher is Cipher.AES_256_GCM else _Sm4Gcm(key)


class Mac:
    """HMAC with one key and one hash (SHA-256 or SM3), keyed once and copied per message."""

    def __init__(self, hash_name: str, key: bytes) -> None:
        self.hash_name = hash_name
        if hash_name == "sha256":
            self._sha = hmac.new(key, digestmod=hashlib.sha256)
        elif hash_name == "sm3":
            self._sm3 = crypto_hmac.HMAC(key, hashes.SM3())
        else:
            raise ValueError(f"unknown hash {hash_name!r}")

    def hexdigest(self, message: bytes) -> str:
        if self.hash_name == "sha256":
            sha = self._sha.copy()
            sha.update(message)
            return sha.hexdigest()
        sm3 = self._sm3.copy()
        sm3.update(message)
        return sm3.finalize().hex()
