"""Files sealed at rest: envelope encryption in chunks, streamed, and refused when cut or altered."""

from __future__ import annotations

import io
import os
import tracemalloc
from collections.abc import Iterator

import pytest

from shenbao.domain.ciphers import Cipher, Profile
from shenbao.domain.personal import DataKey, Protector
from shenbao.domain.sealed_files import (
    CHUNK_BYTES,
    HEADER_BYTES,
    SEALED_CHUNK,
    SealedFileError,
    SealedReader,
    is_current,
    plain_size,
    read_header,
    rewrap_stream,
    seal_stream,
)

LOOKUP = b"lookup-key-for-tests-32-bytes!!!"
AES_OLD = DataKey("a1", Cipher.AES_256_GCM, bytes(range(32)))
AES_NEW = DataKey("a2", Cipher.AES_256_GCM, bytes(range(1, 33)))
SM4 = DataKey("s1", Cipher.SM4_GCM, bytes(range(16)))
AES = Protector.of([AES_OLD, SM4], lookup_key=LOOKUP, profile=Profile.AES)
SM = Protector.of([SM4, AES_OLD], lookup_key=LOOKUP, profile=Profile.SM)
SIZES = [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES + 17]


def sealed(content: bytes, guard: Protector = AES) -> bytes:
    target = io.BytesIO()
    assert seal_stream(guard, io.BytesIO(content), target) == len(content)
    return target.getvalue()


def opened(data: bytes, guard: Protector = AES) -> bytes:
    with io.BufferedReader(SealedReader(guard, io.BytesIO(data))) as reader:
        return reader.read()


@pytest.mark.parametrize("guard", [AES, SM], ids=["aes", "sm"])
@pytest.mark.parametrize("size", SIZES)
def test_what_is_sealed_reads_back_the_same_and_its_size_follows_from_the_stored_size(
    guard: Protector, size: int
) -> None:
    content = os.urandom(size)
    data = sealed(content, guard)
    assert opened(data, guard) == content
    assert plain_size(len(data)) == size
    assert read_header(io.BytesIO(data)).cipher is guard.cipher


def test_the_stored_bytes_do_not_contain_the_content() -> None:
    content = b"31010119900307123X," * 10_000
    assert b"31010119900307123X" not in sealed(content)
    assert b"31010119900307123X" not in sealed(content, SM)


def test_the_reader_seeks_and_reads_in_pieces_across_chunks() -> None:
    content = os.urandom(3 * CHUNK_BYTES + 5)
    reader = SealedReader(AES, io.BytesIO(sealed(content)))
    reader.seek(CHUNK_BYTES - 3)
    buffer = bytearray(10)
    got = reader.readinto(buffer)
    assert bytes(buffer[:got]) == content[CHUNK_BYTES - 3 : CHUNK_BYTES - 3 + got]
    reader.seek(-4, io.SEEK_END)
    assert reader.read(100) == content[-4:]
    assert reader.size == len(content)


def chunk(data: bytes, index: int) -> bytes:
    start = HEADER_BYTES + index * SEALED_CHUNK
    return data[start : start + SEALED_CHUNK]


CONTENT = os.urandom(3 * CHUNK_BYTES + 100)
DATA = sealed(CONTENT)


@pytest.mark.parametrize(
    "damaged",
    [
        pytest.param(DATA[: HEADER_BYTES + 2 * SEALED_CHUNK], id="cut-at-a-chunk-boundary"),
        pytest.param(DATA[:-50], id="cut-inside-the-last-chunk"),
        pytest.param(DATA[: HEADER_BYTES + 2 * SEALED_CHUNK + 5], id="cut-to-a-stub"),
        pytest.param(DATA + chunk(DATA, 1), id="a-chunk-appended"),
        pytest.param(
            DATA[:HEADER_BYTES] + chunk(DATA, 1) + chunk(DATA, 0) + DATA[HEADER_BYTES + 2 * SEALED_CHUNK :],
            id="chunks-swapped",
        ),
        pytest.param(
            DATA[:HEADER_BYTES] + chunk(DATA, 0) + DATA[HEADER_BYTES + 2 * SEALED_CHUNK :],
            id="a-middle-chunk-dropped",
        ),
        pytest.param(
            DATA[: HEADER_BYTES + 100] + bytes([DATA[HEADER_BYTES + 100] ^ 1]) + DATA[HEADER_BYTES + 101 :],
            id="a-byte-flipped",
        ),
        pytest.param(DATA.replace(b'"aes256gcm"', b'"sm4gcm"   ', 1), id="cipher-relabelled"),
        pytest.param(b"PK\x03\x04" + DATA[4:], id="not-sealed"),
        pytest.param(DATA[:100], id="header-cut"),
    ],
)
def test_a_sealed_file_cut_short_reordered_or_altered_is_refused(damaged: bytes) -> None:
    with pytest.raises(SealedFileError):
        opened(damaged)


def test_a_file_whose_key_is_no_longer_known_is_refused() -> None:
    stranger = Protector.of([AES_NEW], lookup_key=LOOKUP)
    with pytest.raises(SealedFileError, match="cannot be unwrapped"):
        opened(DATA, stranger)


def test_rewrapping_under_a_new_key_of_the_same_cipher_copies_the_chunks_as_they_are() -> None:
    rotated = Protector.of([AES_NEW, AES_OLD], lookup_key=LOOKUP)
    target = io.BytesIO()
    assert rewrap_stream(rotated, io.BytesIO(DATA), target) is True
    new = target.getvalue()
    assert new[HEADER_BYTES:] == DATA[HEADER_BYTES:]
    assert is_current(rotated, read_header(io.BytesIO(new)))
    assert not is_current(rotated, read_header(io.BytesIO(DATA)))
    assert opened(new, Protector.of([AES_NEW], lookup_key=LOOKUP)) == CONTENT


@pytest.mark.parametrize(("source", "target"), [(AES, SM), (SM, AES)], ids=["aes-to-sm", "sm-to-aes"])
def test_moving_between_profiles_seals_the_content_again_with_the_new_cipher(
    source: Protector, target: Protector
) -> None:
    data = sealed(CONTENT, source)
    out = io.BytesIO()
    assert rewrap_stream(target, io.BytesIO(data), out) is False
    header = read_header(io.BytesIO(out.getvalue()))
    assert header.cipher is target.cipher and is_current(target, header)
    only_target = Protector.of(
        [k for k in target.keys if k.cipher is target.cipher], lookup_key=LOOKUP, profile=target.profile
    )
    assert opened(out.getvalue(), only_target) == CONTENT


class Endless(io.RawIOBase):
    """``size`` bytes produced on demand, never all in memory."""

    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        count = min(len(buffer), self.left)
        buffer[:count] = b"7" * count
        self.left -= count
        return count


class Sink(io.RawIOBase):
    def __init__(self) -> None:
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.size += len(data)
        return len(data)


def test_sealing_64_mb_streams_with_a_few_chunks_in_memory() -> None:
    sink = Sink()
    tracemalloc.start()
    try:
        seal_stream(AES, Endless(64 * 1024 * 1024), sink)  # type: ignore[arg-type]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert plain_size(sink.size) == 64 * 1024 * 1024
    assert peak < 2 * 1024 * 1024, f"peak {peak} bytes"


def chunks_of(data: bytes) -> Iterator[bytes]:
    for start in range(HEADER_BYTES, len(data), SEALED_CHUNK):
        yield data[start : start + SEALED_CHUNK]


def test_no_two_chunks_of_a_file_share_ciphertext_even_when_their_content_is_equal() -> None:
    data = sealed(b"\x00" * (3 * CHUNK_BYTES))
    assert len(set(chunks_of(data))) == 3
