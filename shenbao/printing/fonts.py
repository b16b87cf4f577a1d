"""The Chinese font of every PDF: a TrueType CJK font found on this machine and embedded, else a built-in one.

No fixed path: fontconfig is asked first (``fc-list``), then the usual font folders are searched for
Debian's TrueType CJK fonts. reportlab embeds only TrueType outlines, so the common Noto CJK files
(CFF, platform.md §6) are skipped. With none found, PDFs still work: reportlab's built-in
STSong-Light, which is not embedded (the reader's viewer supplies the glyphs), and the log says so.
``make run`` installs fonts-wqy-microhei when this module finds nothing (``python -m shenbao.printing.fonts``).
"""

from __future__ import annotations

import logging
import subprocess
import sys
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

logger = logging.getLogger(__name__)

FONT = "shenbao-cjk"
BUILT_IN = "STSong-Light"
# Preferred when several are installed: the one CI and `make run` install (fonts-wqy-microhei).
PREFERRED_FAMILY = "WenQuanYi Micro Hei"
# Where to look when fontconfig is missing, and for which Debian TrueType CJK files (best first).
FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts"]
KNOWN_FILES = ["wqy-microhei.ttc", "wqy-zenhei.ttc", "uming.ttc", "ukai.ttc", "gbsn00lp.ttf", "gkai00mp.ttf"]


def candidates() -> list[tuple[str, int]]:
    """TrueType fonts covering Chinese, as (file, index in a collection), the preferred one first."""
    found = _from_fontconfig() or _from_known_dirs()
    return list(dict.fromkeys(found))


def _from_fontconfig() -> list[tuple[str, int]]:
    try:
        listed = subprocess.run(
            ["fc-list", "--format", "%{file}|%{index}|%{family}\n", ":lang=zh:fontformat=TrueType"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    fonts = []
    for line in listed.splitlines():
        file, index, family = (line.split("|", 2) + ["", ""])[:3]
        if file and index.isdigit():
            # The proportional face of the preferred family first, then the rest in a stable order.
            rank = 0 if PREFERRED_FAMILY in family and "Mono" not in family else 1
            fonts.append((rank, file, int(index)))
    return [(file, index) for _rank, file, index in sorted(fonts)]


def _from_known_dirs() -> list[tuple[str, int]]:
    roots = [Path(folder).expanduser() for folder in FONT_DIRS]
    return [
        (str(path), 0)
        for name in KNOWN_FILES
        for root in roots
        if root.is_dir()
        for path in sorted(root.rglob(name))
    ]


@cache
def cjk_font() -> str:
    """The name of the registered font; a TrueType font is embedded as the subset of glyphs each PDF uses."""
    for file, index in candidates():
        try:
            pdfmetrics.registerFont(TTFont(FONT, file, subfontIndex=index))
        except (TTFError, OSError) as exc:
            logger.info("font %s (index %s) cannot be embedded: %s", file, index, exc)
            continue
        logger.info("PDFs embed the Chinese font %s (index %s)", file, index)
        return FONT
    logger.warning(
        "No TrueType Chinese font found: PDFs use reportlab's built-in %s, which is not embedded "
        "(viewers supply the glyphs). Install one, e.g. apt-get install fonts-wqy-microhei.",
        BUILT_IN,
    )
    pdfmetrics.registerFont(UnicodeCIDFont(BUILT_IN))
    return BUILT_IN


def main() -> int:
    """``python -m shenbao.printing.fonts``: print the font PDFs will embed; exit 1 when there is none."""
    for file, index in candidates():
        try:
            TTFont("probe", file, subfontIndex=index)
        except (TTFError, OSError):
            continue
        print(f"{file} (index {index})")
        return 0
    print("no TrueType Chinese font found", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
