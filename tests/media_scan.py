"""Looks for plain ID numbers in stored files: raw, inside zip parts (xlsx), PDF streams and UTF-16."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from stdnum.cn import ric

ID_NUMBER = re.compile(rb"(?<!\d)\d{17}[\dXx](?!\d)")
PDF_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)
# The scan reads at most this much of one file or one decompressed part (a zip bomb stays a bomb).
READ_LIMIT = 64 * 1024 * 1024


def _views(data: bytes, depth: int = 0) -> Iterator[bytes]:
    """The bytes as stored, and the readings a number could hide behind: zip parts, PDF streams, UTF-16."""
    yield data
    for encoding in ("utf-16-le", "utf-16-be"):
        for start in (0, 1):
            yield data[start:].decode(encoding, errors="ignore").encode("ascii", errors="ignore")
    if depth >= 2:
        return
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for info in archive.infolist():
                    with archive.open(info) as part:
                        yield from _views(part.read(READ_LIMIT), depth + 1)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError, zlib.error):
            pass
    for match in PDF_STREAM.finditer(data):
        try:
            inflated = zlib.decompressobj().decompress(match.group(1), READ_LIMIT)
        except zlib.error:
            continue
        yield from _views(inflated, depth + 1)


def plain_id_numbers(data: bytes) -> set[str]:
    """Valid resident ID numbers (check digit right) readable in ``data``."""
    found = set()
    for view in _views(data):
        for match in ID_NUMBER.finditer(view):
            number = match.group().decode().upper()
            if ric.is_valid(number):
                found.add(number)
    return found


def media_directories(root: Path) -> Iterator[Path]:
    """Every upload directory a test used under its temporary directory (media, fresh-media, backup/media…)."""
    if not root.is_dir():
        return
    for path in root.rglob("*"):
        if path.is_dir() and "media" in path.name:
            yield path


def leaks_under(root: Path) -> dict[str, set[str]]:
    """File (relative to ``root``) → the plain ID numbers it holds, for every upload directory below ``root``."""
    leaks: dict[str, set[str]] = {}
    for directory in media_directories(root):
        for path in directory.rglob("*"):
            if path.is_file():
                with path.open("rb") as handle:
                    numbers = plain_id_numbers(handle.read(READ_LIMIT))
                if numbers:
                    leaks[path.relative_to(root).as_posix()] = numbers
    return leaks
