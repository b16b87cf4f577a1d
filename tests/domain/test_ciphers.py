"""The two profiles: AES-256-GCM + HMAC-SHA-256 and SM4-GCM + HMAC-SM3, with published test vectors."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from shenbao.domain import ciphers
from shenbao.domain.ciphers import Cipher, Mac, Profile, aead
from shenbao.domain.personal import DataKey, ProtectionError, Protector, new_key

NUMBER = "31010119900307123X"
LOOKUP = b"lookup-key-for-tests-32-bytes!!!"
AES_KEY = DataKey("a1", Cipher.AES_256_GCM, bytes(range(32)))
SM4_KEY = DataKey("s1", Cipher.SM4_GCM, bytes(range(16)))


def test_sm4_gcm_gives_the_rfc_8998_test_vector() -> None:
    # RFC 8998, appendix A.1 (SM4-GCM as used by TLS 1.3 with the ShangMi cipher suites).
    key = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
    nonce = bytes.fromhex("00001234567800000000ABCD")
    aad = bytes.fromhex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2")
    plain = bytes.fromhex(
        "AA" * 8 + "BB" * 8 + "CC" * 8 + "DD" * 8 + "EE" * 8 + "FF" * 8 + "EE" * 8 + "AA" * 8
    )
    expected = (
        "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
        "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
        "83DE3541E4C2B58177E065A9BF7B62EC"
    )
    sealed = aead(Cipher.SM4_GCM, key).seal(nonce, plain, aad)
    assert sealed.hex().upper() == expected
    assert aead(Cipher.SM4_GCM, key).open(nonce, sealed, aad) == plain


def test_hmac_sm3_agrees_with_the_standard_hash() -> None:
    # SM3("abc") is the example of GB/T 32905-2016 A.1; HMAC is RFC 2104 over it.
    if "sm3" not in hashlib.algorithms_available:
        pytest.skip("this Python's OpenSSL has no SM3 to compare with")
    assert hashlib.new("sm3", b"abc").hexdigest().startswith("66c7f0f462eeedd9d1f2d46bdc10e4e2")
    assert Mac("sm3", LOOKUP).hexdigest(b"abc") == hmac.new(LOOKUP, b"abc", "sm3").hexdigest()


def test_hmac_sha256_is_unchanged_so_existing_lookup_hashes_still_match() -> None:
    assert Mac("sha256", LOOKUP).hexdigest(b"abc") == hmac.new(LOOKUP, b"abc", hashlib.sha256).hexdigest()


@pytest.mark.parametrize(("profile", "prefix"), [(Profile.AES, "aes256gcm:a1:"), (Profile.SM, "sm4gcm:s1:")])
def test_each_profile_encrypts_with_its_cipher_and_reads_the_other_profile(
    profile: Profile, prefix: str
) -> None:
    guard = Protector.of([AES_KEY, SM4_KEY], lookup_key=LOOKUP, profile=profile)
    token = guard.encrypt(NUMBER)
    assert token.startswith(prefix) and guard.is_current(token)
    other = Protector.of(
        [AES_KEY, SM4_KEY], lookup_key=LOOKUP, profile=Profile.SM if profile is Profile.AES else Profile.AES
    )
    assert other.decrypt(token) == NUMBER and not other.is_current(token)


def test_the_profiles_key_the_lookup_hash_with_different_hashes() -> None:
    aes = Protector.of([AES_KEY], lookup_key=LOOKUP, profile=Profile.AES)
    sm = Protector.of([SM4_KEY], lookup_key=LOOKUP, profile=Profile.SM)
    assert (
        aes.lookup_hash("身份证", NUMBER)
        == hmac.new(LOOKUP, f"身份证:{NUMBER}".encode(), hashlib.sha256).hexdigest()
    )
    assert len(sm.lookup_hash("身份证", NUMBER)) == 64
    assert sm.lookup_hash("身份证", NUMBER) != aes.lookup_hash("身份证", NUMBER)
    assert sm.lookup_fingerprint.startswith("sm3:") and aes.lookup_fingerprint.startswith("sha256:")


def test_a_token_written_before_the_profiles_is_still_read_as_aes_256_gcm() -> None:
    nonce = os.urandom(12)
    legacy = f"a1:{base64.b64encode(nonce + AESGCM(AES_KEY.secret).encrypt(nonce, NUMBER.encode(), b'a1')).decode()}"
    guard = Protector.of([AES_KEY, SM4_KEY], lookup_key=LOOKUP, profile=Profile.SM)
    assert guard.decrypt(legacy) == NUMBER
    assert guard.label_of(legacy) == "aes256gcm:a1" and not guard.is_current(legacy)


def test_a_token_claiming_another_cipher_than_its_key_has_is_refused() -> None:
    guard = Protector.of([AES_KEY, SM4_KEY], lookup_key=LOOKUP, profile=Profile.SM)
    relabelled = guard.encrypt(NUMBER).replace("sm4gcm:s1:", "aes256gcm:s1:")
    with pytest.raises(ProtectionError, match="says aes256gcm but key 's1' is sm4gcm"):
        guard.decrypt(relabelled)


def test_the_sm_profile_needs_an_sm4_key_and_sm4_keys_are_16_bytes() -> None:
    with pytest.raises(ProtectionError, match="needs at least one sm4gcm key"):
        Protector.of([AES_KEY], lookup_key=LOOKUP, profile=Profile.SM)
    with pytest.raises(ProtectionError, match="needs 16 bytes, got 32"):
        DataKey("s2", Cipher.SM4_GCM, bytes(32))
    with pytest.raises(ProtectionError, match="is a aes256gcm key"):
        Protector(keys=(AES_KEY, SM4_KEY), current="a1", lookup_key=LOOKUP, profile=Profile.SM)
    assert len(base64.urlsafe_b64decode(new_key(Cipher.SM4_GCM) + "==")) == 16


def test_a_key_id_given_in_both_profiles_is_refused() -> None:
    with pytest.raises(ProtectionError, match="given twice"):
        Protector.of([AES_KEY, DataKey("a1", Cipher.SM4_GCM, bytes(16))], lookup_key=LOOKUP)


@pytest.mark.parametrize("profile", list(Profile))
def test_the_cipher_object_is_built_once_per_key_not_per_call(
    monkeypatch: pytest.MonkeyPatch, profile: Profile
) -> None:
    built: list[int] = []
    for name in ("_AesGcm", "_Sm4Gcm"):
        original = getattr(ciphers, name)

        class Counting(original):  # type: ignore[valid-type,misc]
            def __init__(self, key: bytes) -> None:
                built.append(len(key))
                super().__init__(key)

        monkeypatch.setattr(ciphers, name, Counting)
    guard = Protector.of([AES_KEY, SM4_KEY], lookup_key=LOOKUP, profile=profile)
    assert len(built) == 2
    tokens = [guard.encrypt(f"{n:018d}") for n in range(50)]
    assert [guard.decrypt(t) for t in tokens] == [f"{n:018d}" for n in range(50)]
    assert len(built) == 2, "encrypt/decrypt must reuse the key's cipher object"
