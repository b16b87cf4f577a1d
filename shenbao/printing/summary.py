"""An authority's 附件2 summary (申报情况汇总表) as a PDF to print, sign and stamp.

Rows, titles and headers come from shenbao.reviews.selectors (summary_tables, SUMMARY_HEADERS),
the same source as the page and the .xlsx, so the three never disagree.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from shenbao.printing.layout import NumberedCanvas, blank, escape, style
from shenbao.reviews.selectors import SummaryTable


def build_summary_pdf(*, tables: Sequence[SummaryTable], call_year: int | None = None) -> bytes:
    """Each table of the attachment on its own page(s) with its 总计 row. Pure: reads no database."""
    buffer = io.BytesIO()
    title = " / ".join(table.title for table in tables) or "申报情况汇总表"
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=22 * mm,
        title=title,
        subject="附件2 申报情况汇总表",
    )
    story: list[Flowable] = []
    for index, table in enumerate(tables):
        if index:
            story.append(PageBreak())
        story += [
            Paragraph("附件2", style(11)),
            Spacer(1, 3 * mm),
            Paragraph(escape(table.title), style(18, align=1)),
            Spacer(1, 2 * mm),
        ]
        if call_year is not None:
            story.append(Paragraph(f"{call_year}年度", style(11, align=1)))
        story += [Spacer(1, 5 * mm), _table(table), Spacer(1, 14 * mm), _signature()]
    document.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()


def _table(table: SummaryTable) -> Table:
    head, cell, centred = style(10.5, align=1), style(10.5), style(10.5, align=1)
    data: list[list[object]] = [[Paragraph(text, head) for text in table.headers]]
    for number, name, volumes, electronic, remarks in table.rows:
        data.append(
            [
                Paragraph(str(number), centred),
                Paragraph(escape(name), cell),
                Paragraph(str(volumes), centred),
                Paragraph(electronic, centred),
                Paragraph(escape(remarks), cell),
            ]
        )
    data.append([Paragraph(escape(str(value)), centred) for value in table.total])
    grid = Table(data, colWidths=[13 * mm, 63 * mm, 30 * mm, 34 * mm, 34 * mm], repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4e8ee")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return grid


def _signature() -> Table:
    body = style(11, leading=18)
    table = Table(
        [
            [Paragraph("填报单位（盖章）：", body), Paragraph("填报人：", body)],
            [Paragraph("联系电话：", body), Paragraph(f"日期：{blank(12)}年{blank(6)}月{blank(6)}日", body)],
        ],
        colWidths=[87 * mm, 87 * mm],
        rowHeights=[16 * mm, 16 * mm],
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return table
