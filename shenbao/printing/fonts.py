"""The embedded CJK TrueType font (platform.md §6), registered once on first use."""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "WQY-MicroHei"
FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


@cache
def cjk_font() -> str:
    """The registered font's name; reportlab embeds the subset of glyphs each PDF uses."""
    pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))
    return FONT
