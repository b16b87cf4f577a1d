"""PDFs work on any machine: the Chinese font is found without a fixed path, or the built-in one is used and logged."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from shenbao.printing import fonts
from shenbao.printing.package import build_application_pdf
from tests.printing.builders import add_row, make_application
from tests.printing.pdf import pdf_fonts, pdf_text, save


@pytest.fixture
def fresh_font() -> Iterator[None]:
    """The font is chosen once per process; these tests choose again, and leave the real choice behind."""
    fonts.cjk_font.cache_clear()
    yield
    fonts.cjk_font.cache_clear()


@pytest.fixture
def package(enterprise):  # type: ignore[no-untyped-def]
    application = make_application(enterprise, persons=1, status="submitted")
    add_row(application, 3, name="王小明", id_number="11010519491231002X")
    return application


def test_the_installed_truetype_font_is_found_by_fontconfig_and_by_the_folder_search() -> None:
    assert fonts.candidates()[0] == fonts._from_fontconfig()[0]
    assert Path(fonts.candidates()[0][0]).name == "wqy-microhei.ttc"  # what CI and make run install
    assert fonts._from_known_dirs()[0] == fonts.candidates()[0]


@pytest.mark.django_db
def test_without_a_truetype_font_pdfs_use_the_built_in_one_and_the_log_says_so(  # type: ignore[no-untyped-def]
    fresh_font, package, monkeypatch, caplog, tmp_path: Path
) -> None:
    with monkeypatch.context() as bare, caplog.at_level(logging.WARNING, logger=fonts.__name__):
        bare.setenv("PATH", str(tmp_path))  # no fc-list
        bare.setattr(fonts, "FONT_DIRS", [str(tmp_path)])  # and no font in the folders searched
        path = save(build_application_pdf(package, full_ids=False), tmp_path / "package.pdf")

    assert "STSong-Light" in pdf_fonts(path) and "WenQuanYi" not in pdf_fonts(path)
    assert "王小明" in pdf_text(path)  # poppler supplies the glyphs (poppler-data)
    assert "No TrueType Chinese font found" in caplog.text and "fonts-wqy-microhei" in caplog.text


@pytest.mark.django_db
def test_a_font_reportlab_cannot_embed_is_skipped_for_the_next(  # type: ignore[no-untyped-def]
    fresh_font, package, monkeypatch, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    real = fonts.candidates()
    monkeypatch.setattr(fonts, "candidates", lambda: [(str(broken), 0), *real])

    path = save(build_application_pdf(package, full_ids=False), tmp_path / "package.pdf")

    line = next(line for line in pdf_fonts(path).splitlines() if "WenQuanYi" in line)
    assert " yes yes " in line  # embedded, subset


def test_the_make_run_check_exits_1_when_no_font_is_found(monkeypatch, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert fonts.main() == 0 and "wqy-microhei" in capsys.readouterr().out
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(fonts, "FONT_DIRS", [str(tmp_path)])
    assert fonts.main() == 1
