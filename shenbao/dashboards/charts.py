"""A tiny server-rendered SVG horizontal bar chart: labels, bars, values, accessible title.

No inline style attributes (the CSP forbids them): colours are SVG presentation attributes
and sizes are computed here, so the chart needs no stylesheet to be legible.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

Number = int | float | Decimal

BAR_HEIGHT = 18
GAP = 8
FONT_SIZE = 13
PAD = 6
BAR_COLOUR = "#0b4f9c"
TEXT_COLOUR = "#1f2933"
_ids = itertools.count(1)


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: Number


def text_width(text: str, size: int = FONT_SIZE) -> float:
    """Rough rendered width: wide (CJK) characters one em, others about 0.6 em."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.6 for ch in text)


def format_number(value: Number) -> str:
    """12345.5 → 12,345.5; whole numbers without decimals."""
    if isinstance(value, Decimal):
        value = value.quantize(Decimal("0.01"))
        return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


def bar_chart(
    bars: Sequence[Bar | tuple[str, Number]],
    *,
    title: str,
    unit: str = "",
    width: int = 520,
    description: str = "",
    written: Callable[[Number], str] | None = None,
) -> SafeString:
    """An ``<svg role="img">`` with one horizontal bar per item, longest value = full width.

    ``written`` writes each value (e.g. money as 121,500.00 元); by default a number and ``unit``.
    """
    items = [bar if isinstance(bar, Bar) else Bar(*bar) for bar in bars]
    chart_id = f"chart-{next(_ids)}"
    label_width = max((text_width(bar.label) for bar in items), default=0) + PAD * 2
    values = [written(bar.value) if written else f"{format_number(bar.value)}{unit}" for bar in items]
    value_width = max((text_width(text) for text in values), default=0) + PAD * 2
    plot_width = max(width - label_width - value_width, 40)
    largest = max((float(bar.value) for bar in items), default=0.0)
    height = max(len(items), 1) * (BAR_HEIGHT + GAP) + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{chart_id}-title{f" {chart_id}-desc" if description else ""}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    if description:
        parts.append(f'<desc id="{chart_id}-desc">{escape(description)}</desc>')
    if not items:
        empty = escape(gettext("暂无数据"))
        parts.append(
            f'<text x="{PAD}" y="{GAP + BAR_HEIGHT - 4}" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">{empty}</text>'
        )
    for index, (bar, shown) in enumerate(zip(items, values, strict=True)):
        top = GAP + index * (BAR_HEIGHT + GAP)
        baseline = top + BAR_HEIGHT - 4
        length = 0.0 if largest <= 0 else plot_width * max(float(bar.value), 0.0) / largest
        parts.append(
            f'<g class="bar"><title>{escape(bar.label)}：{escape(shown)}</title>'
            f'<text x="{label_width - PAD:.1f}" y="{baseline}" text-anchor="end" font-size="{FONT_SIZE}" '
            f'fill="{TEXT_COLOUR}">{escape(bar.label)}</text>'
            f'<rect x="{label_width:.1f}" y="{top}" width="{length:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text x="{label_width + length + PAD:.1f}" y="{baseline}" font-size="{FONT_SIZE}" '
            f"fill={quoteattr(TEXT_COLOUR)}>{escape(shown)}</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)
