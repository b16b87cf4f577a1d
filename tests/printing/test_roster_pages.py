"""Wrapping cell text between characters with the font's own widths (no database)."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from shenbao.printing.fonts import cjk_font
from shenbao.printing.roster_pages import FONT_SIZE, PADDING, Grid, lay_out, wrap


def _grid(*widths: float) -> Grid:
    return Grid(font=cjk_font(), left=40, widths=widths, top=560, bottom=50)


def test_text_that_fits_stays_on_one_line() -> None:
    assert wrap("张伟", 60, cjk_font()) == ["张伟"]
    assert wrap("", 60, cjk_font()) == [""]


def test_longer_text_breaks_between_characters_and_every_line_fits() -> None:
    text = "上海浦东新区张江高科技园区软件信息服务外包有限公司"
    lines = wrap(text, 60, cjk_font())
    assert len(lines) > 1
    assert "".join(lines) == text
    assert all(stringWidth(line, cjk_font(), FONT_SIZE) <= 60 - 2 * PADDING for line in lines)


def test_a_line_break_in_a_cell_starts_a_new_line() -> None:
    assert wrap("第一行\n第二行" * 3, 400, cjk_font()) == ["第一行", "第二行第一行", "第二行第一行", "第二行"]


def test_lay_out_counts_lines_per_row_and_starts_a_page_when_one_is_full() -> None:
    grid = _grid(60, 60)
    short = [("张伟", "是")] * 10
    layout = lay_out(short, grid, ["姓名", "是否"])
    assert layout.pages == 1
    assert list(layout.lines) == [1] * 10
    many = [("张伟", "是")] * 200
    assert lay_out(many, grid, ["姓名", "是否"]).pages > 1
    tall = [("上海浦东新区张江高科技园区软件信息服务外包有限公司", "是")]
    assert lay_out(tall, grid, ["姓名", "是否"]).lines[0] > 1


def test_an_empty_roster_still_takes_one_page() -> None:
    assert lay_out([], _grid(60), ["姓名"]).pages == 1
