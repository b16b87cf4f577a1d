"""Hostile input: over a thousand mutated spreadsheets and CSVs fed to the roster engine's upload path.

Every file must end in a result (usable, or with file problems that say why), never an
exception, and memory must stay bounded however large the sizes a zip entry declares.
"""

from __future__ import annotations

import csv
import io
import resource
import struct
import tempfile
import zipfile
from datetime import date
from pathlib import Path

import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shenbao.domain.problems import ProblemCode
from shenbao.domain.roster import RosterResult, check_roster_file
from shenbao.domain.roster_columns import ROSTER_COLUMNS, RosterKind
from tests.rosters import employee
from tests.security.chinese import assert_plain_chinese

REFERENCE = date(2026, 6, 30)
PAYER = "91310000MA1FL2K7XX"
WORKDIR = Path(tempfile.mkdtemp(prefix="shenbao-fuzz-"))
# Generous: the engine reads files of at most 2 MiB here; a bomb it inflated would blow far past this.
RSS_GROWTH_LIMIT_KIB = 400 * 1024
FUZZ = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_counter = iter(range(10**9))


def _rows(count: int) -> list[dict[str, str]]:
    return [employee(i, payer_code=PAYER, hired="2026-03-01") for i in range(1, count + 1)]


def valid_xlsx(count: int = 6) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("花名册")
    columns = ROSTER_COLUMNS[RosterKind.EMPLOYEES]
    sheet.write_string(0, 0, "附件3 新录用员工花名册")
    for col, column in enumerate(columns):
        sheet.write_string(1, col, column.header)
    for r, row in enumerate(_rows(count), start=2):
        for col, column in enumerate(columns):
            sheet.write_string(r, col, row.get(column.name, ""))
    book.close()
    return buffer.getvalue()


def valid_csv(encoding: str, count: int = 6) -> bytes:
    columns = ROSTER_COLUMNS[RosterKind.EMPLOYEES]
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([c.header for c in columns])
    for row in _rows(count):
        writer.writerow([row.get(c.name, "") for c in columns])
    return text.getvalue().encode(encoding)


SEEDS = {
    "xlsx": valid_xlsx(),
    "csv-utf8": valid_csv("utf-8-sig"),
    "csv-gb18030": valid_csv("gb18030"),
}


def check(content: bytes, suffix: str) -> RosterResult:
    path = WORKDIR / f"case-{next(_counter)}{suffix}"
    path.write_bytes(content)
    try:
        result = check_roster_file(path, reference_date=REFERENCE, max_bytes=2 * 1024 * 1024, max_rows=5_000)
    finally:
        path.unlink()
    assert isinstance(result, RosterResult)
    # Whatever happened, each problem is one the user can be told about, in Chinese: what a
    # reading library said about a file stays in the log.
    for problem in result.problems:
        assert ProblemCode(problem.code) and problem.message
        if problem.row is None:
            assert_plain_chinese(problem.message, echoed=(problem.value,))
    return result


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        where = draw(st.integers(0, len(data) - 1))
        how = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "repeat"]))
        if how == "flip":
            data[where] ^= draw(st.integers(1, 255))
        elif how == "truncate":
            del data[where:]
        elif how == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=64))
        elif how == "delete":
            del data[where : where + draw(st.integers(1, 256))]
        else:
            chunk = bytes(data[where : where + draw(st.integers(1, 64))])
            data[where:where] = chunk * draw(st.integers(2, 200))
    return bytes(data)


def with_declared_sizes(content: bytes, size: int) -> bytes:
    """Every zip header (local and central) claims ``size`` uncompressed bytes."""
    data = bytearray(content)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = data.find(signature)
        while start != -1:
            struct.pack_into("<I", data, start + offset, size & 0xFFFFFFFF)
            start = data.find(signature, start + 4)
    return bytes(data)


def bomb(entry_megabytes: int) -> bytes:
    """A real xlsx whose sheet XML inflates to many megabytes of one repeated row."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(SEEDS["xlsx"])) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                row = b'<row r="9"><c r="A9" t="inlineStr"><is><t>x</t></is></c></row>'
                body = body.replace(
                    b"</sheetData>", row * (entry_megabytes * 1024 * 1024 // len(row)) + b"</sheetData>"
                )
            out.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buffer.getvalue()


BOMB = bomb(64)


def max_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def test_the_seeds_themselves_are_usable_rosters() -> None:
    for name, content in SEEDS.items():
        result = check(content, ".xlsx" if name == "xlsx" else ".csv")
        assert result.is_usable and result.row_count == 6, name


@FUZZ
@given(content=mutated(SEEDS["xlsx"]), suffix=st.sampled_from([".xlsx", ".csv", ".xls", ""]))
def test_mutated_xlsx_files_end_in_a_result(content: bytes, suffix: str) -> None:
    check(content, suffix)


# LibreOffice's .xls (no maintained Python library writes one): the compound file and the BIFF
# records are read by hand before calamine sees them (compound_file, xls_scan).
XLS = (Path(__file__).parent.parent / "files" / "rosters" / "employees_clean.xls").read_bytes()


@FUZZ
@given(content=mutated(XLS))
def test_mutated_xls_files_end_in_a_result_in_bounded_memory(content: bytes) -> None:
    before = max_rss_kib()
    check(content, ".xls")
    assert max_rss_kib() - before < RSS_GROWTH_LIMIT_KIB


@FUZZ
@given(
    seed=st.sampled_from(["csv-utf8", "csv-gb18030"]).flatmap(lambda name: mutated(SEEDS[name])),
    suffix=st.sampled_from([".csv", ".xlsx"]),
)
def test_mutated_csv_files_end_in_a_result(seed: bytes, suffix: str) -> None:
    check(seed, suffix)


@FUZZ
@given(
    text=st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=3000),
    encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]),
    header=st.booleans(),
)
def test_random_csv_text_in_any_encoding_ends_in_a_result(text: str, encoding: str, header: bool) -> None:
    prefix = ",".join(c.header for c in ROSTER_COLUMNS[RosterKind.EMPLOYEES]) + "\n" if header else ""
    check((prefix + text).encode(encoding), ".csv")


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(
    size=st.sampled_from([2**31 - 1, 2**32 - 1, 10**9, 0, 1]),
    base=st.sampled_from(["xlsx", "bomb"]),
    extra=st.integers(0, 3),
)
def test_zip_entries_declaring_huge_sizes_are_refused_without_inflating_them(
    size: int, base: str, extra: int
) -> None:
    content = SEEDS["xlsx"] if base == "xlsx" else BOMB
    before = max_rss_kib()
    result = check(with_declared_sizes(content, size + extra), ".xlsx")
    assert max_rss_kib() - before < RSS_GROWTH_LIMIT_KIB
    if base == "bomb":
        assert not result.is_usable


def test_a_real_zip_bomb_is_refused_and_memory_stays_bounded() -> None:
    before = max_rss_kib()
    result = check(BOMB, ".xlsx")
    assert not result.is_usable
    assert max_rss_kib() - before < RSS_GROWTH_LIMIT_KIB
