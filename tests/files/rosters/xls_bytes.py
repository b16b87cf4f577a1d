"""Legacy .xls files written byte by byte (BIFF8 records in an OLE compound file), forged where asked.

Used by make_hostile_fixtures.py and by the tests of the compound-file reader and the .xls scan:
no maintained library writes .xls, and none writes a damaged one. Enough of the format for
calamine and xlrd to read the cells: a BOF, the sheets' BoundSheet8 records and an EOF for
the workbook globals; per sheet a BOF, its cell records and an EOF. The compound file is
version 3 (512-byte sectors) or 4 (4,096): FAT, directory, mini FAT, mini stream, regular streams.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

BOF, EOF, BOUNDSHEET, DIMENSIONS = 0x0809, 0x000A, 0x0085, 0x0200
LABEL, NUMBER, BOOLERR, MULRK, MULBLANK, ROW = 0x0204, 0x0203, 0x0205, 0x00BD, 0x00BE, 0x0208
NA = 0x2A  # #N/A
SECTOR = 512
MINI = 64
CUTOFF = 4096
FREE, END, FATSECT, NONE = 0xFFFF_FFFF, 0xFFFF_FFFE, 0xFFFF_FFFD, 0xFFFF_FFFF


def record(kind: int, body: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def bof(kind: int) -> bytes:
    """BIFF8 BOF: 0x0005 the workbook globals, 0x0010 a worksheet, 0x0020 a chart."""
    return record(BOF, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x0006))


def label(row: int, col: int, text: str) -> bytes:
    return record(LABEL, struct.pack("<HHHHB", row, col, 0, len(text), 1) + text.encode("utf-16-le"))


def number(row: int, col: int, value: float) -> bytes:
    return record(NUMBER, struct.pack("<HHHd", row, col, 0, value))


def error(row: int, col: int, code: int = NA) -> bytes:
    return record(BOOLERR, struct.pack("<HHHBB", row, col, 0, code, 1))


def mulrk(row: int, first: int, count: int, last: int | None = None) -> bytes:
    """``count`` RK numbers from column ``first``; ``last`` is the last column it claims."""
    cells = struct.pack("<HI", 0, 0x3FF00000) * count  # RK of 1.0
    stated = first + count - 1 if last is None else last
    return record(MULRK, struct.pack("<HH", row, first) + cells + struct.pack("<H", stated))


def dimensions(first_row: int, last_row: int, first_col: int, last_col: int) -> bytes:
    """Rows and columns as BIFF8 counts them: the last ones are one past the last cell."""
    return record(DIMENSIONS, struct.pack("<IIHHH", first_row, last_row, first_col, last_col, 0))


def row_record(row: int) -> bytes:
    return record(ROW, struct.pack("<HHHHHHI", row, 0, 0, 0x00FF, 0, 0, 0x100))


def workbook(sheets: dict[str, list[bytes]], *, positions: list[int] | None = None) -> bytes:
    """The workbook stream: globals, then each sheet's substream (or at ``positions``, if given)."""

    def boundsheet(at: int, name: str) -> bytes:
        return record(BOUNDSHEET, struct.pack("<IBBBB", at, 0, 0, len(name), 1) + name.encode("utf-16-le"))

    size = len(bof(5)) + sum(len(boundsheet(0, name)) for name in sheets) + len(record(EOF))
    bodies = [bof(0x10) + b"".join(records) + record(EOF) for records in sheets.values()]
    starts, at = [], size
    for body in bodies:
        starts.append(at)
        at += len(body)
    starts = positions or starts
    globals_ = bof(5) + b"".join(boundsheet(at, name) for at, name in zip(starts, sheets, strict=True))
    return globals_ + record(EOF) + b"".join(bodies)


@dataclass
class Entry:
    name: str
    data: bytes = b""
    kind: int = 2  # 1 storage, 2 stream, 5 root
    left: int = NONE
    right: int = NONE
    child: int = NONE
    start: int = END
    size: int | None = None  # what the directory claims; the data's length unless forged


@dataclass
class Layout:
    """Where the parts of a written compound file are, for tests that forge them."""

    sector: int = SECTOR
    fat: list[int] = field(default_factory=list)
    directory_sector: int = 0
    mini_fat_sector: int = END


def compound_file(entries: list[Entry], *, sector: int = SECTOR) -> tuple[bytes, Layout]:
    """A compound file holding ``entries`` after the root entry, which it adds: version 3 with
    512-byte sectors, or version 4 with 4,096-byte ones (its header then fills a sector).

    Streams under 4,096 bytes go into the mini stream, as the format wants. The directory
    tree is whatever the entries' left/right/child say; by default the root's child is entry
    1 and each entry's right sibling the next.
    """
    root = Entry("Root Entry", kind=5, child=1 if entries else NONE)
    for index, entry in enumerate(entries[:-1]):
        if entry.right == NONE:
            entry.right = index + 2
    everything = [root, *entries]
    mini = bytearray()
    mini_fat: list[int] = []
    for entry in entries:
        if entry.kind == 2 and len(entry.data) < CUTOFF and entry.data:
            entry.start = len(mini) // MINI
            count = -(-len(entry.data) // MINI)
            mini_fat += [entry.start + i + 1 for i in range(count - 1)] + [END]
            mini += entry.data.ljust(count * MINI, b"\0")
    big = [e for e in entries if e.kind == 2 and len(e.data) >= CUTOFF]
    directory = b"".join(_entry(e) for e in everything)  # sizes only; starts filled below
    directory_sectors = -(-len(everything) * 128 // sector)
    mini_fat_sectors = -(-len(mini_fat) * 4 // sector)
    mini_sectors = -(-len(mini) // sector)
    data_sectors = (
        directory_sectors + mini_fat_sectors + mini_sectors + sum(-(-len(e.data) // sector) for e in big)
    )
    fat_sectors = 1
    while fat_sectors * (sector // 4) < fat_sectors + data_sectors:
        fat_sectors += 1
    fat: list[int] = [FATSECT] * fat_sectors
    body = bytearray()

    def place(data: bytes) -> int:
        count = -(-len(data) // sector)
        if count == 0:
            return END
        first = len(fat)
        fat.extend([first + i + 1 for i in range(count - 1)] + [END])
        body.extend(data.ljust(count * sector, b"\0"))
        return first

    layout = Layout(sector=sector)
    layout.directory_sector = len(fat)
    place(directory.ljust(directory_sectors * sector, b"\0"))
    layout.mini_fat_sector = place(struct.pack(f"<{len(mini_fat)}I", *mini_fat)) if mini_fat else END
    root.start = place(bytes(mini)) if mini else END
    root.size = len(mini)
    for entry in big:
        entry.start = place(entry.data)
    directory = b"".join(_entry(e) for e in everything)
    body[: len(directory)] = directory
    fat += [FREE] * (fat_sectors * (sector // 4) - len(fat))
    layout.fat = fat
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"",
        0x003E,
        3 if sector == SECTOR else 4,
        0xFFFE,
        sector.bit_length() - 1,
        6,
        b"",
        0,
        fat_sectors,
        layout.directory_sector,
        0,
        CUTOFF,
        layout.mini_fat_sector,
        mini_fat_sectors,
        END,
        0,
    )
    difat = list(range(fat_sectors)) + [FREE] * (109 - fat_sectors)
    header = (header + struct.pack("<109I", *difat)).ljust(sector, b"\0")
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    return header + fat_bytes + bytes(body), layout


def _entry(entry: Entry) -> bytes:
    name = (entry.name + "\0").encode("utf-16-le")
    size = len(entry.data) if entry.size is None else entry.size
    return struct.pack(
        "<64sHBBIII16sIQQIII",
        name,
        len(name),
        entry.kind,
        1,  # black
        entry.left,
        entry.right,
        entry.child,
        b"",
        0,
        0,
        0,
        entry.start,
        size,
        0,
    )


def xls(sheets: dict[str, list[bytes]]) -> bytes:
    """An .xls file holding ``sheets`` (name → cell records)."""
    content, _ = compound_file([Entry("Workbook", workbook(sheets))])
    return content


def put_fat(content: bytes, layout: Layout, sector: int, value: int) -> bytes:
    """The file with FAT entry ``sector`` set to ``value`` (the FAT starts at sector 0)."""
    data = bytearray(content)
    struct.pack_into("<I", data, layout.sector + 4 * sector, value)
    return bytes(data)
