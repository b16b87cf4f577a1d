"""An .xls is checked before calamine opens it: the stream calamine reads, found as it finds it, every cell counted."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from shenbao.domain.compound_file import workbook_stream
from shenbao.domain.problems import ProblemCode
from shenbao.domain.sheet_limits import DEFAULT_LIMITS, Limits
from shenbao.domain.sheets import UnreadableFile, read_sheets
from shenbao.domain.xls_scan import scan_workbook_stream, sheet_extents
from tests.files.rosters.xls_bytes import (
    END,
    MULBLANK,
    Entry,
    bof,
    compound_file,
    dimensions,
    error,
    label,
    mulrk,
    number,
    put_fat,
    record,
    row_record,
    workbook,
)

FILES = Path(__file__).parent.parent / "files" / "rosters"
LEGACY = sorted(FILES.glob("*.xls")) + sorted(FILES.glob("rows/*.xls"))
HEADER = [label(0, 0, "姓名"), label(0, 1, "证件号码"), label(1, 0, "张伟"), number(1, 1, 1.0)]


def refusal(stream: bytes, limits: Limits = DEFAULT_LIMITS) -> ProblemCode | None:
    try:
        scan_workbook_stream(stream, limits)
    except UnreadableFile as exc:
        return exc.code
    return None


def stream_refusal(content: bytes) -> ProblemCode | None:
    try:
        workbook_stream(content)
    except UnreadableFile as exc:
        return exc.code
    return None


# -- the cells' extent ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", LEGACY, ids=lambda path: path.name)
def test_the_scan_reaches_every_cell_calamine_loads_from_a_real_xls(path: Path) -> None:
    stream = workbook_stream(path.read_bytes())
    extents = list(sheet_extents(stream))
    book = CalamineWorkbook.from_path(str(path))
    assert len(extents) == len(book.sheet_names)
    for (rows, columns), name in zip(extents, book.sheet_names, strict=True):
        end = book.get_sheet_by_name(name).end
        assert end is None or (end[0] < rows and end[1] < columns)
    assert refusal(stream) is None


@pytest.mark.parametrize(
    "far",
    [
        label(5, 100, "x"),
        number(5, 100, 1.0),
        error(5, 100),
        record(0x00FD, struct.pack("<HHHI", 5, 100, 0, 0)),  # LABELSST
        record(0x027E, struct.pack("<HHHI", 5, 100, 0, 0)),  # RK
        record(0x0201, struct.pack("<HHH", 5, 100, 0)),  # BLANK
        record(0x0006, struct.pack("<HHH8sHI", 5, 100, 0, b"", 0, 0)),  # FORMULA
        mulrk(5, 98, 3),
        mulrk(5, 0, 3, last=100),  # the last column is at the end, whatever the cells say
        record(MULBLANK, struct.pack("<HH", 5, 0) + b"\0\0" * 3 + struct.pack("<H", 100)),
        dimensions(0, 6, 0, 101),
    ],
    ids=[
        "LABEL",
        "NUMBER",
        "BOOLERR",
        "LABELSST",
        "RK",
        "BLANK",
        "FORMULA",
        "MULRK",
        "MULRK last",
        "MULBLANK",
        "DIMENSIONS",
    ],
)
def test_any_cell_record_past_column_cv_refuses_the_file(far: bytes) -> None:
    assert refusal(workbook({"花名册": [*HEADER, far]})) is ProblemCode.FILE_TOO_MANY_COLUMNS


def labelsst(row: int, col: int) -> bytes:
    return record(0x00FD, struct.pack("<HHHI", row, col, 0, 0))


def rk(row: int, col: int) -> bytes:
    return record(0x027E, struct.pack("<HHHI", row, col, 0, 0x3FF00000))


@pytest.mark.parametrize("odd", [False, True], ids=["even offset", "odd offset"])
def test_every_cell_of_a_run_of_labelsst_and_rk_records_counts(odd: bool) -> None:
    # Such runs are taken whole (most cells of a roster); the far ones sit mid-run.
    run = [labelsst(row, col) if col % 2 else rk(row, col) for row in range(3, 40) for col in range(13)]
    run[200], run[301] = labelsst(7, 120), rk(4000, 2)
    first = [label(0, 0, "ab") if odd else number(0, 0, 1.0)]  # 17 or 18 bytes: the run starts odd or even
    assert list(sheet_extents(workbook({"花名册": [*first, *run]}))) == [(4001, 121)]


def test_a_cell_in_column_cv_is_within_the_limit() -> None:
    assert refusal(workbook({"花名册": [*HEADER, label(5, 99, "x"), mulrk(6, 97, 3)]})) is None


def test_the_refusal_names_the_far_column() -> None:
    with pytest.raises(UnreadableFile) as raised:
        scan_workbook_stream(workbook({"花名册": [*HEADER, label(65535, 255, "x")]}), DEFAULT_LIMITS)
    assert raised.value.details == {"detail": "用到了第 IV 列", "limit": 100}


@pytest.mark.parametrize(
    "far", [label(30, 0, "x"), row_record(30), dimensions(0, 31, 0, 2)], ids=["LABEL", "ROW", "DIMENSIONS"]
)
def test_a_row_past_the_limit_and_its_allowance_refuses_the_file(far: bytes) -> None:
    limits = Limits(max_rows=10)  # and 20 rows of title and header
    assert refusal(workbook({"花名册": [*HEADER, label(29, 0, "x")]}), limits) is None
    assert refusal(workbook({"花名册": [*HEADER, far]}), limits) is ProblemCode.FILE_TOO_MANY_ROWS


def test_a_dimension_of_four_billion_rows_is_refused() -> None:
    # calamine reserves room for the rows × columns a DIMENSIONS record declares.
    far = dimensions(0, 0xFFFF_FFF0, 0, 10)
    assert refusal(workbook({"花名册": [*HEADER, far]})) is ProblemCode.FILE_TOO_MANY_ROWS


def test_a_dimension_whose_first_row_is_past_its_last_is_refused() -> None:
    # calamine's row count wraps round to about 4 billion.
    assert refusal(workbook({"花名册": [*HEADER, dimensions(9, 3, 0, 2)]})) is ProblemCode.FILE_UNREADABLE


def test_a_far_cell_in_a_later_sheet_refuses_the_file() -> None:
    stream = workbook({"说明": [label(0, 0, "填写说明")], "花名册": [*HEADER, label(3, 200, "x")]})
    assert refusal(stream) is ProblemCode.FILE_TOO_MANY_COLUMNS


def test_cells_in_an_embedded_chart_count_and_the_sheet_ends_at_its_own_eof() -> None:
    chart = [bof(0x20), number(0, 150, 1.0), record(0x000A)]
    assert refusal(workbook({"花名册": [*HEADER, *chart]})) is ProblemCode.FILE_TOO_MANY_COLUMNS
    extents = list(
        sheet_extents(workbook({"花名册": [*HEADER, bof(0x20), record(0x000A), label(7, 3, "x")]}))
    )
    assert extents == [(8, 4)]


# -- records calamine could not read -------------------------------------------------------------


def test_an_encrypted_workbook_is_refused_as_encrypted() -> None:
    stream = workbook({"花名册": HEADER})
    filepass = record(0x002F, struct.pack("<HHH", 1, 1, 1) + bytes(48))
    assert refusal(stream[:20] + filepass + stream[20:]) is ProblemCode.FILE_ENCRYPTED


@pytest.mark.parametrize(
    "stream",
    [
        b"\x00\x00\x00\x00" + workbook({"花名册": HEADER}),  # no BOF first
        workbook({"花名册": HEADER}, positions=[10_000]),  # a sheet past the stream's end
        workbook({"花名册": HEADER})[:-3],  # the last record cut short
    ],
    ids=["no BOF", "sheet past the end", "cut short"],
)
def test_a_damaged_workbook_stream_is_refused(stream: bytes) -> None:
    assert refusal(stream) is ProblemCode.FILE_UNREADABLE


def test_sheets_sharing_their_records_are_refused_rather_than_walked_again_and_again() -> None:
    sheets = {"s0": [label(n, 0, "x") for n in range(2000)]} | {f"s{n}": [] for n in range(1, 500)}
    honest = workbook(sheets)
    first = honest.index(bof(0x10))
    assert refusal(honest) is None
    assert refusal(workbook(sheets, positions=[first] * 500)) is ProblemCode.FILE_UNREADABLE


# -- the compound file ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "size", [100, 5_000, 200_000], ids=["mini stream", "stream", "FAT of several sectors"]
)
@pytest.mark.parametrize("sector", [512, 4096])
def test_the_workbook_stream_is_read_whole_from_either_kind_of_compound_file(size: int, sector: int) -> None:
    stream = workbook({"花名册": [label(n, 0, "x" * 20) for n in range(size // 60)]})
    content, _ = compound_file(
        [Entry("Workbook", stream), Entry("\x05SummaryInformation", b"s" * 300)], sector=sector
    )
    assert workbook_stream(content) == stream


def test_the_stream_read_is_the_one_calamine_reads(tmp_path: Path) -> None:
    # calamine takes the first entry named exactly Workbook, then Book, WORKBOOK, BOOK;
    # xlrd's reader walks the directory tree ignoring case, and would have scanned "workbook".
    harmless = workbook({"花名册": HEADER})
    far = workbook({"花名册": [*HEADER, label(9, 250, "x")]})
    content, _ = compound_file([Entry("workbook", harmless), Entry("Book", far)])
    assert workbook_stream(content) == far
    path = tmp_path / "book.xls"
    path.write_bytes(content)
    assert CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).end == (9, 250)
    with pytest.raises(UnreadableFile) as raised:
        list(read_sheets(path))
    assert raised.value.code is ProblemCode.FILE_TOO_MANY_COLUMNS


def test_a_far_cell_is_refused_before_calamine_opens_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(path: str) -> None:
        raise AssertionError("calamine opened the file")

    monkeypatch.setattr(CalamineWorkbook, "from_path", never)
    with pytest.raises(UnreadableFile) as raised:
        list(read_sheets(FILES / "bad" / "far_cell.xls"))
    assert raised.value.code is ProblemCode.FILE_TOO_MANY_COLUMNS


BIG = workbook({"花名册": [label(n, 0, "x" * 20) for n in range(200)]})  # 10 sectors


def forged(change: str) -> bytes:
    # The stream claims 2 GB: calamine would go round a loop until it had read that much.
    content, layout = compound_file([Entry("Workbook", BIG, size=0x7FFF_FFFF)])
    first = layout.directory_sector + 1  # no mini stream: the workbook follows the directory
    last = layout.fat.index(END, first)
    data = bytearray(content)
    if change == "stream loops":
        return put_fat(content, layout, last, first)
    if change == "stream runs past the file":
        return put_fat(content, layout, first, 10_000)
    if change == "directory loops":
        return put_fat(content, layout, layout.directory_sector, layout.directory_sector)
    if change == "FAT listed twice":
        struct.pack_into("<I", data, 80, 0)
    elif change == "DIFAT loops":
        looping = (len(content) - 512) // 512  # a sector appended below, its last link to itself
        struct.pack_into("<II", data, 68, looping, 1)
        data += b"\xff" * 508 + struct.pack("<I", looping)
    elif change == "mini cutoff":
        struct.pack_into("<I", data, 56, 1 << 20)
    elif change == "sector shift":
        struct.pack_into("<H", data, 30, 10)
    elif change == "no workbook":
        data[data.index("Workbook".encode("utf-16-le"))] = ord("X")
    elif change == "not a compound file":
        data[:8] = b"PK\x03\x04\0\0\0\0"
    return bytes(data)


@pytest.mark.parametrize(
    "change",
    [
        "stream loops",
        "stream runs past the file",
        "directory loops",
        "FAT listed twice",
        "DIFAT loops",
        "mini cutoff",
        "sector shift",
        "no workbook",
        "not a compound file",
    ],
)
def test_a_forged_compound_file_is_refused(change: str) -> None:
    assert stream_refusal(forged(change)) is ProblemCode.FILE_UNREADABLE


def test_a_stream_claiming_gigabytes_gives_only_the_sectors_it_has() -> None:
    # The directory's size is a claim: the chain ends where the file's sectors end.
    content, _ = compound_file([Entry("Workbook", BIG, size=0x7FFF_FFFF)])
    assert workbook_stream(content) == BIG.ljust(-(-len(BIG) // 512) * 512, b"\0")
    assert refusal(workbook_stream(content)) is None


def test_a_directory_tree_reached_many_ways_is_not_walked() -> None:
    # Each entry names the next twice: 2**40 paths, which xlrd's reader walked one by one.
    chain = [Entry(f"s{n}", kind=1, left=n + 3, right=n + 3) for n in range(40)] + [Entry("end")]
    content, _ = compound_file([Entry("Workbook", BIG), *chain])
    assert workbook_stream(content) == BIG
