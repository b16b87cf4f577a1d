"""The Workbook stream of a legacy .xls (an OLE compound file), found as calamine finds it, every chain bounded.

A compound file is a small file system: a header, sector allocation tables (DIFAT, FAT, mini
FAT), a directory and streams stored as chains of sectors. Every table, size and link in it is
a claim. calamine follows chains until they end (a loop never does), trusts the directory's
stream sizes, and panics on a link past its tables; so the chains are walked here first, each
sector at most once, and a file whose claims do not hold is refused before calamine opens it.

Hand-written rather than taken from xlrd (``xlrd.compdoc.CompDoc``) because that reader does
not read what calamine reads and is not bounded itself: it finds the stream by walking the
directory tree case-insensitively while calamine takes the first directory entry named exactly
``Workbook`` (then ``Book``…), it takes the short-stream cutoff from the header while calamine
uses 4096, it mis-places the sectors of 4096-byte-sector files, and it builds the directory tree
recursively without noticing an entry reached twice (a directory of n entries each pointing
twice at the next takes 2**n steps) or a short stream's chain that loops (it never returns).
The stream found here is also what xlrd is given afterwards (sheet_errors), so both readers read
the same bytes.
"""

from __future__ import annotations

import logging
import struct

from shenbao.domain.problems import ProblemCode
from shenbao.domain.sheet_limits import UnreadableFile

log = logging.getLogger(__name__)

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADER_BYTES = 512
# Sector ids from RESERVED up are markers (DIFSECT, FATSECT, ENDOFCHAIN, FREESECT), not sectors.
RESERVED = 0xFFFF_FFFA
DIFSECT = 0xFFFF_FFFC
ENDOFCHAIN = 0xFFFF_FFFE
MINI_SECTOR = 64
# Streams shorter than this live in the mini stream: the specification's value, which calamine
# uses whatever the header says (xlrd uses the header's, so a header saying otherwise is refused).
MINI_CUTOFF = 4096
DIRECTORY_ENTRY = 128
# The names calamine tries, in its order, each matched exactly against the directory in order.
WORKBOOK_NAMES = ("Workbook", "Book", "WORKBOOK", "BOOK")
# calamine reserves room for this many DIFAT entries from bytes 62–65 of the header (a misread
# field); a real file gives at most a few × 65,536, a forged one up to 2**32 (16 GB).
DIFAT_CAPACITY_MAX = 1 << 24
DAMAGED = "文件结构已损坏"

_U32 = struct.Struct("<I")


def damaged(reason: str) -> UnreadableFile:
    """The file problem for a compound file whose structure does not hold; the log keeps why."""
    log.warning("compound file refused: %s", reason)
    return UnreadableFile(ProblemCode.FILE_UNREADABLE, detail=DAMAGED)


def workbook_stream(data: bytes) -> bytes:
    """The bytes calamine will parse as the workbook: its stream of BIFF records.

    Raises UnreadableFile when the container is damaged or forged, or holds no workbook.
    """
    if len(data) < HEADER_BYTES or data[:8] != SIGNATURE:
        raise damaged("no compound file header")
    shift, mini_shift, cutoff = _u16(data, 30), _u16(data, 32), _u32(data, 56)
    if shift not in (9, 12) or mini_shift != 6 or cutoff != MINI_CUTOFF:
        raise damaged(f"sector shift {shift}, mini sector shift {mini_shift}, cutoff {cutoff}")
    if _u32(data, 62) > DIFAT_CAPACITY_MAX:
        raise damaged(f"header bytes 62-65 read as {_u32(data, 62)} DIFAT entries")
    size = 1 << shift
    if len(data) < size:
        raise damaged("shorter than its header sector")
    sectors = _Sectors(data[size:], size)  # a 4096-byte sector file's header fills its first sector
    fat = _fat(data, sectors)
    entries = _directory(sectors.chain(_u32(data, 48), fat, None, "directory"), large=shift == 12)
    if _u16(data, 26) != 3 and entries[0][1] == ENDOFCHAIN:  # calamine: "Empty Root directory"
        raise damaged("version 4 root entry without a mini stream")
    for name in WORKBOOK_NAMES:
        found = next(((start, length) for entry, start, length in entries if entry == name), None)
        if found is not None:
            break
    else:
        raise damaged(f"no workbook stream among {len(entries)} directory entries")
    start, length = found
    if length >= MINI_CUTOFF:
        return sectors.chain(start, fat, length, "workbook")
    # Without a mini FAT calamine has no mini stream either: the chain below finds no sector.
    mini = _Sectors(b"", MINI_SECTOR)
    mini_fat: list[int] = []
    if _u32(data, 64) > 0:
        _, root_start, root_length = entries[0]
        mini = _Sectors(sectors.chain(root_start, fat, root_length, "mini stream"), MINI_SECTOR)
        mini_fat = _words(sectors.chain(_u32(data, 60), fat, _u32(data, 64) * size, "mini FAT"), "mini FAT")
    return mini.chain(start, mini_fat, length, "workbook (mini stream)")


class _Sectors:
    """Sectors of ``size`` bytes; the last may be short, as calamine reads it at the file's end."""

    def __init__(self, body: bytes, size: int) -> None:
        self.body, self.size = body, size
        self.count = -(-len(body) // size)

    def get(self, sector: int, what: str) -> bytes:
        if sector >= self.count:
            raise damaged(f"{what}: sector {sector} beyond the {self.count} in the file")
        return self.body[sector * self.size : (sector + 1) * self.size]

    def chain(self, start: int, table: list[int], length: int | None, what: str) -> bytes:
        """The sectors linked from ``start`` in ``table`` up to ``length`` bytes (None: to its end).

        Each sector is read at most once: calamine would go round a loop until the stream's
        claimed size (up to 4 GB) or, for the directory, for ever.
        """
        pieces: list[bytes] = []
        seen: set[int] = set()
        taken, sector = 0, start
        while sector != ENDOFCHAIN:
            if sector in seen:
                raise damaged(f"{what}: the chain returns to sector {sector}")
            seen.add(sector)
            piece = self.get(sector, what)
            if length is not None and taken + len(piece) >= length:
                pieces.append(piece[: length - taken])
                break
            pieces.append(piece)
            taken += len(piece)
            if sector >= len(table):  # calamine indexes its table with it and panics
                raise damaged(f"{what}: sector {sector} beyond the allocation table")
            sector = table[sector]
        return b"".join(pieces)


def _fat(data: bytes, sectors: _Sectors) -> list[int]:
    """The FAT: its sectors are listed in the header's 109 DIFAT entries and a chain of DIFAT sectors."""
    difat = list(struct.unpack_from("<109I", data, 76))
    seen: set[int] = set()
    sector = _u32(data, 68)
    while sector < RESERVED:
        if sector in seen:
            raise damaged(f"DIFAT: the chain returns to sector {sector}")
        seen.add(sector)
        difat += _words(sectors.get(sector, "DIFAT"), "DIFAT")
        sector = difat.pop()  # the last entry of a DIFAT sector links to the next one
    listed = [sector for sector in difat if sector < DIFSECT]
    # calamine reads every listed sector into the FAT, a sector listed n times n times over.
    if len(set(listed)) != len(listed):
        raise damaged("FAT: a sector is listed twice")
    return _words(b"".join(sectors.get(sector, "FAT") for sector in listed), "FAT")


def _directory(stream: bytes, *, large: bool) -> list[tuple[str, int, int]]:
    """(name, first sector, size) of every directory entry, in order, read as calamine reads them."""
    if not stream or len(stream) % DIRECTORY_ENTRY:
        raise damaged(f"directory of {len(stream)} bytes")
    entries = []
    for at in range(0, len(stream), DIRECTORY_ENTRY):
        name = stream[at : at + 64].decode("utf-16-le", "replace").split("\x00", 1)[0]
        length_format = "<Q" if large else "<I"
        (length,) = struct.unpack_from(length_format, stream, at + 120)
        entries.append((name, _u32(stream, at + 116), length))
    return entries


def _words(raw: bytes, what: str) -> list[int]:
    if len(raw) % 4:  # calamine asserts whole entries
        raise damaged(f"{what}: {len(raw)} bytes, not whole entries")
    return [word for (word,) in struct.iter_unpack("<I", raw)]


def _u16(data: bytes, at: int) -> int:
    return int.from_bytes(data[at : at + 2], "little")


def _u32(data: bytes, at: int) -> int:
    (value,) = _U32.unpack_from(data, at)
    return int(value)
