"""ID and passport numbers: encrypted at rest, found by a keyed hash, shown masked."""

from __future__ import annotations

import base64

import pytest

from shenbao.domain.personal import (
    NONCE_BYTES,
    Cipher,
    DataKey,
    ProtectionError,
    Protector,
    decode_key,
    mask,
    new_key,
    normalise_number,
    person_key,
)

OLD_KEY = bytes(range(32))
NEW_KEY = bytes(range(100, 132))
LOOKUP_KEY = b"lookup-key-for-tests-32-bytes!!!"
NUMBER = "31010119900307123X"


def protector(
    *, keys: dict[str, bytes] | None = None, current: str = "k2", lookup: bytes = LOOKUP_KEY
) -> Protector:
    aes = [DataKey(k, Cipher.AES_256_GCM, v) for k, v in (keys or {"k1": OLD_KEY, "k2": NEW_KEY}).items()]
    return Protector(keys=tuple(aes), current=current, lookup_key=lookup)


def body_of(token: str) -> str:
    return token.rpartition(":")[2]


# --- encryption ---


@pytest.mark.parametrize("plain", [NUMBER, "E12345678", "", "３１０１０１"])
def test_what_is_encrypted_decrypts_to_the_same_text(plain: str) -> None:
    guard = protector()
    assert guard.decrypt(guard.encrypt(plain)) == plain


def test_the_ciphertext_does_not_contain_the_number() -> None:
    token = protector().encrypt(NUMBER)
    assert NUMBER not in token
    assert NUMBER.encode() not in base64.b64decode(body_of(token))


def test_two_encryptions_of_one_number_differ_because_each_has_its_own_nonce() -> None:
    guard = protector()
    first, second = guard.encrypt(NUMBER), guard.encrypt(NUMBER)
    assert first != second
    assert guard.decrypt(first) == guard.decrypt(second) == NUMBER


def test_the_ciphertext_names_the_cipher_and_the_key_that_made_it() -> None:
    token = protector(current="k2").encrypt(NUMBER)
    assert token.startswith("aes256gcm:k2:")
    assert protector().key_id_of(token) == "k2"
    assert protector().cipher_of(token) is Cipher.AES_256_GCM


def test_after_rotation_old_ciphertexts_still_decrypt_with_the_old_key() -> None:
    before = protector(keys={"k1": OLD_KEY}, current="k1")
    old_token = before.encrypt(NUMBER)
    after = protector(keys={"k1": OLD_KEY, "k2": NEW_KEY}, current="k2")
    new_token = after.encrypt(NUMBER)
    assert after.key_id_of(old_token) == "k1"
    assert after.key_id_of(new_token) == "k2"
    assert after.decrypt(old_token) == after.decrypt(new_token) == NUMBER


def test_a_ciphertext_made_with_a_key_no_longer_known_is_refused() -> None:
    token = protector(keys={"k1": OLD_KEY}, current="k1").encrypt(NUMBER)
    with pytest.raises(ProtectionError, match="unknown key id 'k1'"):
        protector(keys={"k2": NEW_KEY}, current="k2").decrypt(token)


def test_a_ciphertext_under_a_known_id_but_made_with_another_key_is_refused() -> None:
    token = protector(keys={"k1": OLD_KEY}, current="k1").encrypt(NUMBER)
    with pytest.raises(ProtectionError, match="does not authenticate"):
        protector(keys={"k1": NEW_KEY}, current="k1").decrypt(token)


def flip_byte(token: str, index: int) -> str:
    label, _, body = token.rpartition(":")
    raw = bytearray(base64.b64decode(body))
    raw[index] ^= 0x01
    return f"{label}:{base64.b64encode(bytes(raw)).decode()}"


@pytest.mark.parametrize(
    "index", [0, NONCE_BYTES - 1, NONCE_BYTES, -1], ids=["nonce", "nonce-end", "body", "tag"]
)
def test_a_tampered_ciphertext_is_refused(index: int) -> None:
    guard = protector()
    with pytest.raises(ProtectionError, match="does not authenticate"):
        guard.decrypt(flip_byte(guard.encrypt(NUMBER), index))


def test_a_ciphertext_relabelled_with_another_known_key_id_is_refused() -> None:
    guard = protector()
    body = body_of(guard.encrypt(NUMBER))
    with pytest.raises(ProtectionError):
        guard.decrypt(f"aes256gcm:k1:{body}")


def test_a_ciphertext_cut_short_after_its_nonce_is_refused() -> None:
    guard = protector()
    token = guard.encrypt(NUMBER)
    with pytest.raises(ProtectionError, match="does not authenticate"):
        guard.decrypt(token[: len("aes256gcm:k2:") + 20])


@pytest.mark.parametrize(
    "cut", [3, 8, 10], ids=["broken-base64", "six-byte-nonce", "broken-base64-in-the-nonce"]
)
def test_a_truncated_ciphertext_is_refused_as_a_protection_error(cut: int) -> None:
    guard = protector()
    token = guard.encrypt(NUMBER)
    with pytest.raises(ProtectionError):
        guard.decrypt(token[: len("aes256gcm:k2:") + cut])


@pytest.mark.parametrize(
    "token", ["k2:", "k2", "k2:!!!!", "aes256gcm:k2:", "aes256gcm:k2:!!!!", "rot13:k2:YQ=="]
)
def test_a_ciphertext_with_no_body_is_refused_as_a_protection_error(token: str) -> None:
    with pytest.raises(ProtectionError):
        protector().decrypt(token)


def test_a_current_key_id_that_is_not_among_the_keys_is_refused() -> None:
    with pytest.raises(ProtectionError, match="current key id 'k3'"):
        protector(current="k3")


def test_a_key_id_with_a_colon_is_refused_because_it_would_split_the_ciphertext() -> None:
    with pytest.raises(ProtectionError, match="must not contain ':'"):
        DataKey("2026:a", Cipher.AES_256_GCM, NEW_KEY)


# --- look-ups ---


@pytest.mark.parametrize(
    ("id_type", "number"),
    [
        ("身份证", "31010119900307123x"),
        ("身份证", "３１０１０１１９９００３０７１２３Ｘ"),
        ("身份证", " 310101 19900307 123X "),
        ("身份证", "310101\u300019900307123X"),
        (" 身份证 ", NUMBER),
    ],
    ids=["lower-case-x", "full-width", "spaces", "ideographic-space", "padded-type"],
)
def test_the_lookup_hash_is_the_same_whatever_the_spelling(id_type: str, number: str) -> None:
    guard = protector()
    assert guard.lookup_hash(id_type, number) == guard.lookup_hash("身份证", NUMBER)


def test_the_lookup_hash_differs_for_another_id_type_with_the_same_number() -> None:
    guard = protector()
    assert guard.lookup_hash("护照", NUMBER) != guard.lookup_hash("身份证", NUMBER)


def test_the_lookup_hash_differs_for_another_number() -> None:
    guard = protector()
    assert guard.lookup_hash("身份证", "310101199003071247") != guard.lookup_hash("身份证", NUMBER)


def test_the_lookup_hash_depends_on_the_lookup_key() -> None:
    other = b"another-lookup-key-32-bytes-long"
    assert protector(lookup=other).lookup_hash("身份证", NUMBER) != protector().lookup_hash("身份证", NUMBER)


def test_the_lookup_hash_does_not_depend_on_the_encryption_keys() -> None:
    rotated = protector(keys={"k3": bytes(32)}, current="k3")
    assert rotated.lookup_hash("身份证", NUMBER) == protector().lookup_hash("身份证", NUMBER)


def test_the_lookup_hash_does_not_reveal_the_number() -> None:
    digest = protector().lookup_hash("身份证", NUMBER)
    assert len(digest) == 64
    assert NUMBER not in digest


@pytest.mark.parametrize(
    ("id_type", "number", "key"),
    [
        ("身份证", NUMBER, f"身份证:{NUMBER}"),
        (" 身份证 ", "31010119900307123x", f"身份证:{NUMBER}"),
        ("身份证", "３１０１０１ １９９００３０７１２３Ｘ", f"身份证:{NUMBER}"),
        ("护照", "e 1234 5678", "护照:E12345678"),
    ],
)
def test_the_person_key_is_the_type_and_the_normalised_number(id_type: str, number: str, key: str) -> None:
    assert person_key(id_type, number) == key


@pytest.mark.parametrize(
    ("number", "normalised"),
    [("31010119900307123x", NUMBER), ("３１０１０１", "310101"), (" e12 345\u00a0678 ", "E12345678")],
)
def test_numbers_are_normalised_to_half_width_upper_case_without_spaces(number: str, normalised: str) -> None:
    assert normalise_number(number) == normalised


# --- masking ---


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        (NUMBER, "310101********123X"),
        ("31010119900307123x", "310101********123X"),
        ("３１０１０１１９９００３０７１２３Ｘ", "310101********123X"),
        ("310101900307123", "310101*****7123"),
        ("E12345678", "E1***5678"),
        ("g1234567890", "G1*****7890"),
        ("123456", "******"),
        ("12345", "*****"),
        ("", ""),
    ],
    ids=[
        "id-card",
        "lower-case-x",
        "full-width",
        "15-digit",
        "passport",
        "long-passport",
        "six",
        "five",
        "empty",
    ],
)
def test_a_masked_number_keeps_only_the_head_and_the_last_four(number: str, masked: str) -> None:
    assert mask(number) == masked


@pytest.mark.parametrize("number", [NUMBER, "E12345678", "123456", "1234567"])
def test_a_masked_number_keeps_its_length_and_hides_something(number: str) -> None:
    masked = mask(number)
    assert len(masked) == len(number)
    assert "*" in masked
    assert masked != number


# --- keys ---


def test_a_new_key_decodes_to_32_bytes() -> None:
    assert len(decode_key(new_key(), name="SHENBAO_ID_KEY")) == 32


def test_two_new_keys_differ() -> None:
    assert new_key() != new_key()


@pytest.mark.parametrize(
    "text",
    [
        base64.urlsafe_b64encode(NEW_KEY).decode(),
        base64.urlsafe_b64encode(NEW_KEY).decode().rstrip("="),
        f"  {base64.urlsafe_b64encode(NEW_KEY).decode()}\n",
    ],
    ids=["padded", "unpadded", "surrounded-by-white-space"],
)
def test_a_key_is_read_from_url_safe_base64_with_or_without_padding(text: str) -> None:
    assert decode_key(text, name="SHENBAO_ID_KEY") == NEW_KEY


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (base64.urlsafe_b64encode(bytes(16)).decode(), "must decode to 32 bytes, got 16"),
        (base64.urlsafe_b64encode(bytes(33)).decode(), "must decode to 32 bytes, got 33"),
        ("", "must decode to 32 bytes, got 0"),
        ("abcde", "not valid base64"),
        ("密钥", "not valid base64"),
    ],
    ids=["too-short", "too-long", "empty", "impossible-length", "not-ascii"],
)
def test_a_key_that_is_not_32_bytes_of_base64_is_refused_naming_the_setting(text: str, reason: str) -> None:
    with pytest.raises(ProtectionError) as caught:
        decode_key(text, name="SHENBAO_ID_KEY")
    assert str(caught.value) == f"SHENBAO_ID_KEY: {reason}"
