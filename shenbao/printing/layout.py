"""What every shenbao PDF shares: the CJK paragraph styles and the "第 x 页 共 y 页" footer."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from shenbao.printing.fonts import cjk_font


def style(size: float = 10.5, *, leading: float | None = None, align: int = 0) -> ParagraphStyle:
    """A paragraph style in the embedded font; CJK word wrap so lines break between characters."""
    return ParagraphStyle(
        f"zh-{size}-{align}",
        fontName=cjk_font(),
        fontSize=size,
        leading=leading or size * 1.45,
        alignment=align,
        wordWrap="CJK",
    )


class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no types
    """Holds every page until the end so the footer can say how many pages there are."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_footer(number, total)
            super().showPage()
        super().save()

    def _draw_footer(self, number: int, total: int) -> None:
        draw_footer(self, number, total)


def draw_footer(canvas: Canvas, number: int, total: int) -> None:
    """ "第 x 页 共 y 页", centred under the page."""
    width, _height = canvas._pagesize
    canvas.setFont(cjk_font(), 9)
    canvas.drawCentredString(width / 2, 10 * mm, f"第 {number} 页 共 {total} 页")


def escape(text: str) -> str:
    """Plain text for a Paragraph, which reads its input as mini-markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def blank(width: int) -> str:
    """Room to write by hand: Paragraph collapses ordinary and ideographic spaces."""
    return "&nbsp;" * width
