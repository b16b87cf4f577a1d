"""The stored-file scan (run after every test by tests/conftest.py) finds a plain ID number wherever it hides."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest
import xlsxwriter

from tests.media_scan import leaks_under, plain_id_numbers
from tests.rosters import valid_id

NUMBER = valid_id(42)
NUMBER_X = next(n for n in map(valid_id, range(1, 500)) if n.endswith("X"))


def xlsx_with(number: str) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet().write_string(0, 0, number)
    book.close()
    return buffer.getvalue()


def pdf_with(number: str) -> bytes:
    stream = zlib.compress(f"BT ({number}) Tj ET".encode())
    return b"%PDF-1.4\n1 0 obj << /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream\nendobj\n%%EOF"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(f"姓名,证件号码\n张三,{NUMBER}\n".encode("gb18030"), id="csv"),
        pytest.param(f"证件号码\t{NUMBER}".encode("utf-16"), id="utf-16-text"),
        pytest.param(xlsx_with(NUMBER), id="xlsx-shared-strings-deflated"),
        pytest.param(pdf_with(NUMBER), id="pdf-flate-stream"),
    ],
)
def test_the_scan_finds_a_number_in_each_form_a_stored_file_could_hold_it(data: bytes) -> None:
    assert plain_id_numbers(data) == {NUMBER}


def test_the_scan_reads_a_lower_case_check_character() -> None:
    assert plain_id_numbers(b"id " + NUMBER_X[:17].encode() + b"x;") == {NUMBER_X}


def test_the_scan_ignores_digit_runs_that_are_not_valid_numbers() -> None:
    assert plain_id_numbers(b"order 123456789012345678 and 31010119900307123") == set()


def test_the_scan_reports_the_file_under_an_upload_directory(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # A root of its own: this test's tmp_path is scanned after it, and must stay clean.
    root = tmp_path_factory.mktemp("scan-probe")
    (root / "fresh-media" / "rosters").mkdir(parents=True)
    (root / "fresh-media" / "rosters" / "tok").write_bytes(xlsx_with(NUMBER))
    (root / "inputs").mkdir()
    (root / "inputs" / "roster.xlsx").write_bytes(xlsx_with(NUMBER))  # a test's own input, not stored
    assert leaks_under(root) == {"fresh-media/rosters/tok": {NUMBER}}
    assert leaks_under(Path(root / "missing")) == {}
