"""A spreadsheet's zip entries as calamine will find them, inflated with their real size counted.

An entry's size and CRC in the archive's directory are only claims. Python's zipfile stops
reading at the declared size, while calamine's zip reader inflates the whole stream: an entry
declaring 4 KB may inflate to gigabytes behind a check that trusted the claim. Here every
entry that will be read is inflated once, counting the bytes it really gives, and refused as
soon as it gives more than it declared, less, or other bytes (CRC). Hand-written because
zipfile exposes no stream that ignores the declared size, and that is the size in question.
"""

from __future__ import annotations

import logging
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, cast

# Intel ISA-L's inflate and CRC (python-isal): the same deflate as zlib, 3.5 times as fast
# (a 45 MiB sheet inflates in 0.025 s against 0.087 s; its CRC 0.006 s against 0.015 s).
# Every sheet is inflated and counted here before calamine may load it, so this is time
# every check waits for (bench/README.md, "Issue 15, third pass").
from isal import isal_zlib

from shenbao.domain.problems import ProblemCode
from shenbao.domain.sheet_limits import UnreadableFile, brief

log = logging.getLogger(__name__)

# What a damaged deflate stream raises (python-isal's stub calls the class an instance).
INFLATE_ERRORS = (zlib.error, cast("type[Exception]", isal_zlib.error))

READ = 1 << 20
# 1 MiB at a time: the scan searches a chunk while the next is inflated, and with smaller
# chunks less is left to search after the last one (a 100,000-row check 0.017 s sooner than
# with 4 MiB, median of 9).
CHUNK = 1 << 20
# Workbook directory parts (_rels/.rels, workbook.xml and its relationships) are a few KB.
DIRECTORY_MAX_BYTES = 8 << 20
DAMAGED = "压缩包内容与其目录记录不符，文件已损坏或被改动"


def damaged(entry: str, reason: str) -> UnreadableFile:
    """The file problem for an entry that is not what the archive says it is; the log keeps why."""
    log.warning("zip entry %s refused: %s", entry, reason)
    return UnreadableFile(ProblemCode.FILE_UNREADABLE, detail=DAMAGED)


# The local file header (APPNOTE.TXT 4.3.7), as zipfile reads it; fields 10 and 11 are the
# lengths of the name and of the extra field that follow it.
LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
LOCAL_SIGNATURE = b"PK\x03\x04"
_NAME_LENGTH, _EXTRA_LENGTH = 10, 11


def ascii_lower(text: str) -> str:
    """Lower case for ASCII letters only, as Rust's to_ascii_lowercase (str.lower changes more)."""
    return text.encode("utf-8", "surrogateescape").lower().decode("utf-8", "surrogateescape")


# zipfile and calamine's zip reader both look for the end-of-archive record from the end, but
# not in the same way; with two such records they might read two different archives.
END_RECORD = b"PK\x05\x06"
TAIL = (1 << 16) + 22


def single_end_record(path: Path) -> None:
    """Refuse an archive whose last 64 KiB hold more than one end-of-archive record.

    By chance four compressed bytes match one in about 2**32 places: a false alarm on a real
    workbook is about one in 65,000.
    """
    with path.open("rb") as handle:
        handle.seek(0, 2)
        handle.seek(max(0, handle.tell() - TAIL))
        tail = handle.read()
    if tail.count(END_RECORD) > 1:
        raise damaged(path.name, "two end-of-archive records")


class Entries:
    """The entries of one archive, looked up and read the way calamine does, each read bounded."""

    def __init__(self, path: Path, archive: zipfile.ZipFile) -> None:
        self.source = path
        self.archive = archive
        self.names = set(archive.namelist())
        self.by_key: dict[str, str] = {}
        for name in archive.namelist():
            key = ascii_lower(name.replace("\\", "/"))
            if key in self.by_key:
                # Two entries one reader could take for the other: which one is read is anyone's guess.
                raise damaged(name, "two entries with the same name (ignoring case)")
            self.by_key[key] = name

    def find(self, path: str) -> str | None:
        """The entry calamine opens for ``path``: its names are keyed with backslashes as slashes and
        in ASCII lower case, ``path`` only in lower case; the path itself when no key matches."""
        name = self.by_key.get(ascii_lower(path), path)
        return name if name in self.names else None

    def declared_size(self, name: str) -> int:
        return self.archive.getinfo(name).file_size

    def read(self, name: str, *, limit: int) -> bytes:
        """The whole entry, refused beyond ``limit`` bytes or when it is not what it declares."""
        return b"".join(self.stream(name, limit=limit))

    def drain(self, name: str, *, limit: int) -> None:
        """Inflate the entry and keep nothing: its real size and CRC are what is checked."""
        for _ in self.stream(name, limit=limit):
            pass

    def stream(self, name: str, *, limit: int, first: int = CHUNK) -> Iterator[bytes]:
        """The entry's bytes, ``first`` bytes and then CHUNK bytes at a time (the last chunk shorter),
        counted as they are inflated.

        Raises UnreadableFile as soon as the entry gives more than it declared (or than
        ``limit``), and at its end when it gave less or its CRC differs.
        """
        info = self.archive.getinfo(name)
        if info.file_size > limit:
            raise damaged(name, f"declares {info.file_size} bytes, over {limit}")
        given = 0
        crc = 0
        for chunk in self._inflate(info, first):
            given += len(chunk)
            if given > info.file_size:
                raise damaged(name, f"inflates past the {info.file_size} bytes it declares")
            crc = isal_zlib.crc32(chunk, crc)
            yield chunk
        if given != info.file_size:
            raise damaged(name, f"inflates to {given} bytes, declares {info.file_size}")
        if crc != info.CRC:
            raise damaged(name, "CRC differs")

    def _inflate(self, info: zipfile.ZipInfo, first: int) -> Iterator[bytes]:
        if info.flag_bits & 0x1:
            raise UnreadableFile(ProblemCode.FILE_ENCRYPTED)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise damaged(info.filename, f"compression method {info.compress_type}")
        with self.source.open("rb") as handle:
            handle.seek(info.header_offset)
            header = handle.read(LOCAL_HEADER.size)
            if len(header) != LOCAL_HEADER.size or header[:4] != LOCAL_SIGNATURE:
                raise damaged(info.filename, "no local header where the directory points")
            fields = LOCAL_HEADER.unpack(header)
            encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
            local_name = handle.read(fields[_NAME_LENGTH]).decode(encoding, "replace")
            if local_name != info.orig_filename:  # as zipfile checks it
                raise damaged(info.filename, "local header names another entry")
            handle.seek(fields[_EXTRA_LENGTH], 1)
            if info.compress_type == zipfile.ZIP_STORED:
                yield from _stored(handle, info.compress_size, first)
            else:
                yield from _deflated(handle, info.compress_size, info.filename, first)


def _stored(handle: BinaryIO, size: int, first: int) -> Iterator[bytes]:
    left, want = size, first
    while left:
        chunk = handle.read(min(left, want))
        if not chunk:
            return
        left -= len(chunk)
        want = CHUNK
        yield chunk


def _deflated(handle: BinaryIO, size: int, name: str, first: int) -> Iterator[bytes]:
    """Inflate at most ``size`` compressed bytes into chunks of ``first``, then CHUNK, bytes,
    whatever the entry claims. A chunk is one inflate call's output when the input suffices (no copy)."""
    inflater = isal_zlib.decompressobj(-zlib.MAX_WBITS)
    left, want = size, first
    pending = b""
    parts: list[bytes] = []
    have = 0
    try:
        while not inflater.eof:
            if not pending and left:
                pending = handle.read(min(left, READ))
                if not pending:
                    raise damaged(name, "archive ends inside the entry")
                left -= len(pending)
            out = inflater.decompress(pending, want - have)
            pending = inflater.unconsumed_tail
            if out:
                parts.append(out)
                have += len(out)
                if have == want:
                    yield parts[0] if len(parts) == 1 else b"".join(parts)
                    parts, have, want = [], 0, CHUNK
            elif not pending and not left:
                raise damaged(name, "deflate stream ends before its end marker")
    except INFLATE_ERRORS as exc:
        raise damaged(name, f"deflate: {brief(exc)}") from None
    if parts:
        yield b"".join(parts)
