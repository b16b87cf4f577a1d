"""Files encrypted at rest: envelope encryption, sealed in chunks, read back as a stream.

Layout of a sealed file::

    header  HEADER_BYTES: MAGIC, then JSON {cipher, chunk, key} padded with spaces
    chunk 0 CHUNK_BYTES of content sealed with the file's own key (+ 16-byte tag)
    …
    chunk n the rest (possibly empty), sealed with the "last" flag

Each file has its own random content key, of the profile's cipher; the header keeps it wrapped
(encrypted) by the Protector's current key, so rotating keys re-wraps a few bytes and copies the
chunks as they are. A chunk's index and whether it is the last are in its nonce and associated
data (the STREAM construction of Hoang, Reyhanitabar, Rogaway and Vizár, 2015), so chunks cut off,
dropped, repeated or reordered do not authenticate. The header has a fixed size, so the plaintext
size follows from the stored size alone. Hand-written here because no maintained Python library
offers chunked streaming AEAD over SM4 and AES-GCM both; the primitives are ``cryptography``'s.
"""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import dataclass
from typing import BinaryIO

from shenbao.domain.ciphers import KEY_BYTES, TAG_BYTES, Aead, Cipher, aead
from shenbao.domain.personal import ProtectionError, Protector

MAGIC = b"shenbao-sealed/1"
HEADER_BYTES = 512
CHUNK_BYTES = 64 * 1024
SEALED_CHUNK = CHUNK_BYTES + TAG_BYTES
# Binds a wrapped content key to its use: a number's ciphertext cannot pass for a file key.
FILE_KEY_CONTEXT = b"|file-key"


class SealedFileError(ProtectionError):
    """Not a sealed file, or one cut short, altered or made with an unknown key."""


@dataclass(frozen=True)
class Header:
    cipher: Cipher
    wrapped_key: str  # the content key, sealed by the Protector (records its cipher and key id)

    def encode(self) -> bytes:
        body = json.dumps({"cipher": str(self.cipher), "chunk": CHUNK_BYTES, "key": self.wrapped_key})
        raw = MAGIC + body.encode()
        if len(raw) > HEADER_BYTES:
            raise SealedFileError("file header too long (key id too long)")
        return raw.ljust(HEADER_BYTES, b" ")


def is_sealed(head: bytes) -> bool:
    return head.startswith(MAGIC)


def read_header(source: BinaryIO) -> Header:
    raw = _read_exactly(source, HEADER_BYTES)
    if not is_sealed(raw):
        raise SealedFileError("not a sealed file (stored before encryption at rest, or replaced)")
    try:
        fields = json.loads(raw[len(MAGIC) :].decode())
        header = Header(Cipher(fields["cipher"]), str(fields["key"]))
        chunk = int(fields["chunk"])
    except (ValueError, KeyError, TypeError):
        raise SealedFileError("sealed file header is damaged") from None
    if chunk != CHUNK_BYTES:
        raise SealedFileError(f"sealed file uses {chunk}-byte chunks; this version reads {CHUNK_BYTES}")
    return header


def plain_size(sealed_size: int) -> int:
    """The content's size, from the stored size alone (every chunk but the last is full)."""
    body = sealed_size - HEADER_BYTES
    chunks = max(1, -(-body // SEALED_CHUNK))
    last = body - (chunks - 1) * SEALED_CHUNK
    if body < TAG_BYTES or last < TAG_BYTES:
        raise SealedFileError("sealed file is cut short")
    return body - chunks * TAG_BYTES


def _nonce_and_aad(index: int, last: bool) -> tuple[bytes, bytes]:
    position = index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")
    return position, MAGIC + position


def _read_exactly(source: BinaryIO, size: int) -> bytes:
    parts, remaining = [], size
    while remaining:
        part = source.read(remaining)
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


def seal_stream(protector: Protector, source: BinaryIO, target: BinaryIO) -> int:
    """Write ``source`` sealed into ``target``, one chunk in memory at a time; returns the content size."""
    cipher, content_key = protector.new_content_key()
    target.write(Header(cipher, protector.seal(content_key, context=FILE_KEY_CONTEXT)).encode())
    sealer, size, index = aead(cipher, content_key), 0, 0
    current = _read_exactly(source, CHUNK_BYTES)
    while True:
        following = _read_exactly(source, CHUNK_BYTES) if len(current) == CHUNK_BYTES else b""
        last = not following
        nonce, aad = _nonce_and_aad(index, last)
        target.write(sealer.seal(nonce, current, aad))
        size += len(current)
        if last:
            return size
        current, index = following, index + 1


def is_current(protector: Protector, header: Header) -> bool:
    """Sealed under the current profile with a content key wrapped by the current key."""
    return header.cipher is protector.cipher and protector.is_current(header.wrapped_key)


def rewrap_stream(protector: Protector, source: BinaryIO, target: BinaryIO) -> bool:
    """Copy a sealed file under the current key; True if the chunks were copied as they are.

    Same cipher: the content key is re-wrapped and the chunks copied without being decrypted.
    Another profile's cipher (AES to SM4 or back): the content is decrypted chunk by chunk and
    sealed again with a new content key of the current cipher.
    """
    header = read_header(source)
    if header.cipher is protector.cipher:
        content_key = protector.unseal(header.wrapped_key, context=FILE_KEY_CONTEXT)
        target.write(Header(header.cipher, protector.seal(content_key, context=FILE_KEY_CONTEXT)).encode())
        shutil.copyfileobj(source, target, CHUNK_BYTES)
        return True
    source.seek(0)
    with io.BufferedReader(SealedReader(protector, source), CHUNK_BYTES) as plain:
        seal_stream(protector, plain, target)
    return False


class SealedReader(io.RawIOBase):
    """The content of a sealed file, decrypted one chunk at a time as it is read (seekable).

    The last chunk is checked when the reader is made, so a file cut short is refused before any
    byte is served; every other chunk is checked when it is read.
    """

    def __init__(self, protector: Protector, source: BinaryIO) -> None:
        super().__init__()
        self._source = source
        header = read_header(source)
        self._sealed_size = source.seek(0, io.SEEK_END)
        self.size = plain_size(self._sealed_size)
        self._chunks = max(1, -(-(self._sealed_size - HEADER_BYTES) // SEALED_CHUNK))
        try:
            content_key = protector.unseal(header.wrapped_key, context=FILE_KEY_CONTEXT)
        except ProtectionError as exc:
            raise SealedFileError(f"the file's key cannot be unwrapped: {exc}") from None
        if len(content_key) != KEY_BYTES[header.cipher]:
            raise SealedFileError("the file's key does not fit the cipher its header names")
        self._opener: Aead = aead(header.cipher, content_key)
        self._position = 0
        self._index = -1
        self._plain = b""
        self._load(self._chunks - 1)

    def _load(self, index: int) -> None:
        from cryptography.exceptions import InvalidTag

        offset = HEADER_BYTES + index * SEALED_CHUNK
        self._source.seek(offset)
        sealed = _read_exactly(self._source, min(SEALED_CHUNK, self._sealed_size - offset))
        nonce, aad = _nonce_and_aad(index, index == self._chunks - 1)
        try:
            self._plain = self._opener.open(nonce, sealed, aad)
        except InvalidTag:
            raise SealedFileError(f"chunk {index} of the sealed file does not authenticate") from None
        self._index = index

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        if self._position >= self.size:
            return 0
        index = self._position // CHUNK_BYTES
        if index != self._index:
            self._load(index)
        start = self._position - index * CHUNK_BYTES
        count = min(len(buffer), len(self._plain) - start)
        buffer[:count] = self._plain[start : start + count]
        self._position += count
        return count

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self.size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._position = base + offset
        return self._position

    def tell(self) -> int:
        return self._position

    def close(self) -> None:
        if not self.closed:
            self._source.close()
        super().close()
