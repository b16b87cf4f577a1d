"""The roster pages of the package, drawn straight onto the canvas one page at a time.

Platypus builds a Paragraph per cell and keeps every page until the end: for 100,000 persons
that took 240 s and 1.78 GB (issue 14). Here each cell is wrapped between characters (CJK text
breaks anywhere) with the font's own widths, a page is drawn as soon as it is full, and rows are
read twice from the database — once to lay out the pages for "第 x 页 共 y 页", once to draw —
so memory stays the same whatever the roster's length.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

FONT_SIZE = 7.5
LEADING = 9.5
PADDING = 2.5
HEADER_FILL = colors.HexColor("#e4e8ee")
TITLE_SIZE = 10.5
TITLE_GAP: float = 8 * mm


@dataclass(frozen=True, slots=True)
class Grid:
    """Where the roster sits on a landscape page: column edges and the band rows may fill."""

    font: str
    left: float
    widths: tuple[float, ...]
    top: float  # the title's baseline is just below this
    bottom: float  # rows stop above this (the footer is below)

    @property
    def edges(self) -> list[float]:
        x = [self.left]
        for width in self.widths:
            x.append(x[-1] + width)
        return x


@cache
def _char_width(char: str, font: str) -> float:
    return float(stringWidth(char, font, FONT_SIZE))


def wrap(text: str, width: float, font: str) -> list[str]:
    """The lines ``text`` takes in a cell ``width`` wide; a line breaks between any two characters."""
    room = width - 2 * PADDING
    if not text or "\n" not in text and stringWidth(text, font, FONT_SIZE) <= room:
        return [text]
    lines: list[str] = []
    line, used = "", 0.0
    for char in text:
        if char == "\n":
            lines.append(line)
            line, used = "", 0.0
            continue
        size = _char_width(char, font)
        if line and used + size > room:
            lines.append(line)
            line, used = "", 0.0
        line += char
        used += size
    lines.append(line)
    return lines


def _row_lines(cells: Sequence[str], grid: Grid) -> list[list[str]]:
    return [wrap(cell, width, grid.font) for cell, width in zip(cells, grid.widths, strict=True)]


def _height(lines: list[list[str]]) -> float:
    return max(len(cell) for cell in lines) * LEADING + 2 * PADDING


def _page_room(grid: Grid, header_height: float) -> float:
    return grid.top - TITLE_GAP - header_height - grid.bottom


@dataclass(frozen=True, slots=True)
class Layout:
    """What the first pass over the rows found: how many pages, and how many lines each row takes."""

    pages: int
    lines: array[int]


def lay_out(rows: Iterable[Sequence[str]], grid: Grid, header: Sequence[str]) -> Layout:
    """The pages ``draw_pages`` will take for the same rows (at least one, for an empty roster)."""
    room = _page_room(grid, _height(_row_lines(header, grid)))
    lines = array("H")
    pages, used = 1, 0.0
    for cells in rows:
        count = max(len(cell) for cell in _row_lines(cells, grid))
        lines.append(min(count, 65535))
        height = min(count * LEADING + 2 * PADDING, room)
        if used and used + height > room:
            pages += 1
            used = 0.0
        used += height
    return Layout(pages, lines)


def draw_pages(
    canvas: Canvas,
    rows: Iterator[Sequence[str]],
    *,
    layout: Layout,
    grid: Grid,
    header: Sequence[str],
    title: str,
    empty_note: str,
    finish_page: Callable[[], None],
) -> None:
    """Draw every row, a page at a time, each page with the title and the header row.

    ``finish_page()`` is called after each page is drawn (it writes the footer and starts the next).
    With no rows at all, one page says ``empty_note`` under the header. A row that ``lay_out``
    found on one line is drawn as it is, without measuring it again.
    """
    header_lines = _row_lines(header, grid)
    header_height = _height(header_lines)
    room = _page_room(grid, header_height)
    counts = iter(layout.lines)
    pending = next(rows, None)
    if pending is None:
        y = _start_page(canvas, grid, title, header_lines, header_height)
        _draw_columns(canvas, grid, y + header_height, y)
        canvas.drawString(grid.left, y - 6 * mm, empty_note)
        finish_page()
        return
    count = next(counts)
    while True:
        y = _start_page(canvas, grid, title, header_lines, header_height)
        used = 0.0
        while pending is not None:
            height = min(count * LEADING + 2 * PADDING, room)
            if used and used + height > room:
                break
            lines = [[cell] for cell in pending] if count == 1 else _row_lines(pending, grid)
            _draw_row(canvas, grid, lines, y - used, height)
            used += height
            pending = next(rows, None)
            count = next(counts, 1)
        _draw_columns(canvas, grid, y + header_height, y - used)
        finish_page()
        if pending is None:
            return


def _start_page(canvas: Canvas, grid: Grid, title: str, header: list[list[str]], height: float) -> float:
    canvas.setFont(grid.font, TITLE_SIZE)
    canvas.drawString(grid.left, grid.top - TITLE_SIZE, title)
    y = grid.top - TITLE_GAP
    canvas.setFillColor(HEADER_FILL)
    canvas.rect(grid.left, y - height, sum(grid.widths), height, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    _draw_row(canvas, grid, header, y, height, centred=True)
    return y - height


def _draw_row(
    canvas: Canvas, grid: Grid, lines: list[list[str]], y: float, height: float, *, centred: bool = False
) -> None:
    """One row whose top edge is at ``y``: its text, vertically centred, and the line under it."""
    text = canvas.beginText()
    text.setFont(grid.font, FONT_SIZE, LEADING)
    fits = int((height - 2 * PADDING) // LEADING)
    for x, width, cell in zip(grid.edges, grid.widths, lines, strict=False):
        shown = cell[:fits]
        first = y - (height - len(shown) * LEADING) / 2 - FONT_SIZE
        for index, line in enumerate(shown):
            if not line:
                continue
            offset = (width - stringWidth(line, grid.font, FONT_SIZE)) / 2 if centred else PADDING
            text.setTextOrigin(x + offset, first - index * LEADING)
            text.textOut(line)
    canvas.drawText(text)
    canvas.setLineWidth(0.4)
    canvas.line(grid.left, y - height, grid.left + sum(grid.widths), y - height)


def _draw_columns(canvas: Canvas, grid: Grid, top: float, bottom: float) -> None:
    canvas.setLineWidth(0.4)
    canvas.line(grid.left, top, grid.left + sum(grid.widths), top)
    for x in grid.edges:
        canvas.line(x, top, x, bottom)
