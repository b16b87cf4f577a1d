"""Which parts of an .xlsx calamine will read, found the way calamine finds them.

The safety scan must check the very part calamine loads. calamine (in fastexcel and
python-calamine) reads ``_rels/.rels`` for the workbook's folder, then that folder's
``_rels/workbook.xml.rels`` and ``workbook.xml``: every element named ``sheet`` in document
order, its ``name`` and its one ``…:id`` attribute, the relationship of that id, and the
target as a path inside the archive. It skips comments, CDATA and processing instructions.
The XML is parsed here with defusedxml (no DTD, no entities), and whatever two readers could
read differently is refused rather than guessed: character references in relationship files
(calamine compares them unescaped), two relationships with one id, a sheet with no or two
ids, a namespace prefix named ``id``, two sheets with one name (calamine loads by name).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from shenbao.domain.problems import ProblemCode
from shenbao.domain.sheet_limits import UnreadableFile
from shenbao.domain.zip_entries import DIRECTORY_MAX_BYTES, Entries, damaged

SHEET_TYPES = ("worksheet", "chartsheet", "dialogsheet")


@dataclass(frozen=True, slots=True)
class XlsxParts:
    """The entries calamine reads on opening, and each sheet's name and entry in workbook order."""

    directory: tuple[str, ...]
    shared_strings: str | None
    styles: str | None
    sheets: tuple[tuple[str, str | None], ...]  # entry None: calamine cannot open that sheet either

    @property
    def sheet_names(self) -> list[str]:
        return [name for name, _ in self.sheets]


def xlsx_parts(entries: Entries) -> XlsxParts:
    package = _required(entries, "_rels/.rels")
    folder = _workbook_folder(_xml(entries, package, relationships=True), package)
    relations = entries.find(folder + "_rels/workbook.xml.rels")
    if relations is None:  # another Office document (a .docx has a package too), not a workbook
        raise UnreadableFile(ProblemCode.FILE_FORMAT_UNSUPPORTED, detail="不是电子表格的压缩包")
    targets = _relationships(_xml(entries, relations, relationships=True), relations)
    workbook = entries.find(folder + "workbook.xml")
    # Without workbook.xml calamine opens a workbook of no sheets.
    sheets = () if workbook is None else _sheets(_xml(entries, workbook), workbook, targets, folder, entries)
    directory = tuple(part for part in (package, relations, workbook) if part is not None)
    return XlsxParts(
        directory=directory,
        shared_strings=entries.find(folder + "sharedStrings.xml"),
        styles=entries.find(folder + "styles.xml"),
        sheets=sheets,
    )


def _required(entries: Entries, path: str) -> str:
    found = entries.find(path)
    if found is None:
        raise damaged(path, "missing")
    return found


def _xml(entries: Entries, part: str, *, relationships: bool = False) -> Iterator[tuple[str, object]]:
    raw = entries.read(part, limit=DIRECTORY_MAX_BYTES)
    if relationships and b"&" in raw:
        raise damaged(part, "character reference in a relationship file")
    try:
        events = list(iterparse(io.BytesIO(raw), events=("start", "end", "start-ns"), forbid_dtd=True))
    except (ParseError, DefusedXmlException) as exc:
        raise damaged(part, f"XML: {exc}") from None
    return iter(events)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _until_end_of(events: Iterator[tuple[str, object]], root: str) -> Iterator[Element]:
    """Start tags in document order, up to the first end tag named ``root`` (where calamine stops)."""
    for event, item in events:
        if event == "start-ns":
            if (
                isinstance(item, tuple) and item[0] == "id"
            ):  # xmlns:id="…" would be one more "…:id" attribute to calamine
                raise damaged("xml", "namespace prefix id")
            continue
        assert isinstance(item, Element)
        if event == "end" and _local(item.tag) == root:
            return
        if event == "start":
            yield item


def _workbook_folder(events: Iterator[tuple[str, object]], part: str) -> str:
    target = None
    for element in _until_end_of(events, "Relationships"):
        if _local(element.tag) == "Relationship" and element.get("Type", "").endswith(
            "/relationships/officeDocument"
        ):
            target = element.get("Target")  # the last one counts, as in calamine
    if target is None:
        raise UnreadableFile(ProblemCode.FILE_FORMAT_UNSUPPORTED, detail="不是电子表格的压缩包")
    folder = target[: target.rfind("/") + 1]
    return folder.removeprefix("/")


def _relationships(events: Iterator[tuple[str, object]], part: str) -> dict[str, tuple[str, str]]:
    targets: dict[str, tuple[str, str]] = {}
    for element in _until_end_of(events, "Relationships"):
        rel_id = element.get("Id")
        if _local(element.tag) != "Relationship" or rel_id is None:
            continue
        if rel_id in targets:
            raise damaged(part, f"relationship {rel_id} twice")
        targets[rel_id] = (element.get("Target", ""), element.get("Type", ""))
    return targets


def _sheets(
    events: Iterator[tuple[str, object]],
    part: str,
    targets: dict[str, tuple[str, str]],
    folder: str,
    entries: Entries,
) -> tuple[tuple[str, str | None], ...]:
    sheets: list[tuple[str, str | None]] = []
    for element in _until_end_of(events, "workbook"):
        if _local(element.tag) != "sheet":
            continue
        ids = [value for key, value in element.attrib.items() if _local(key) == "id"]
        if len(ids) != 1 or ids[0] not in targets:
            raise damaged(part, "a sheet without exactly one known relationship id")
        target, kind = targets[ids[0]]
        if kind.rsplit("/", 1)[-1] not in SHEET_TYPES:
            raise damaged(part, f"a sheet of type {kind}")
        path = target[1:] if target.startswith("/") else folder + target
        sheets.append((element.get("name", ""), entries.find(path)))
    names = [name for name, _ in sheets]
    if len(set(names)) != len(names):
        raise damaged(part, "two sheets with one name")
    return tuple(sheets)
