"""The district's 附件2 summary (企业申报情况汇总表) as a PDF to print, sign and stamp."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from shenbao.printing.layout import NumberedCanvas, blank, escape, style

HEADERS = ("序号", "企业名称", "纸质材料册数（本）", "电子版材料（是/否）", "备注")
# The attachment prints 企业; a training institution's summary names its column accordingly.
NAME_HEADERS = {"employees": "企业名称", "trainees": "培训机构名称"}
TITLES = {"employees": "{area}企业申报情况汇总表", "trainees": "{area}培训机构申报情况汇总表"}


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """One application reported upward: name, paper volumes received, electronic materials, remarks."""

    name: str
    volumes: int | None
    electronic: bool | str | None
    remarks: str = ""


def yes_no(value: bool | str | None) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return "是" if value else "否"


def summary_title(area_name: str, kind: str = "employees") -> str:
    return TITLES[kind].format(area=area_name)


def build_summary_pdf(
    *,
    area_name: str,
    rows: Sequence[SummaryLine | tuple[str, int | None, bool | str | None, str]],
    kind: str = "employees",
    call_year: int | None = None,
) -> bytes:
    """The 附件2 table for ``rows`` (in order) with its 总计 row. Pure: reads no database."""
    lines = [row if isinstance(row, SummaryLine) else SummaryLine(*row) for row in rows]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=22 * mm,
        title=summary_title(area_name, kind),
        subject="附件2 申报情况汇总表",
    )
    story: list[Flowable] = [
        Paragraph("附件2", style(11)),
        Spacer(1, 3 * mm),
        Paragraph(escape(summary_title(area_name, kind)), style(18, align=1)),
        Spacer(1, 2 * mm),
    ]
    if call_year is not None:
        story.append(Paragraph(f"{call_year}年度", style(11, align=1)))
    story += [Spacer(1, 5 * mm), _table(lines, kind), Spacer(1, 14 * mm), _signature()]
    document.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()


def _table(lines: Sequence[SummaryLine], kind: str) -> Table:
    head, cell, centred = style(10.5, align=1), style(10.5), style(10.5, align=1)
    headers = [HEADERS[0], NAME_HEADERS.get(kind, HEADERS[1]), *HEADERS[2:]]
    data: list[list[object]] = [[Paragraph(text, head) for text in headers]]
    for number, line in enumerate(lines, start=1):
        data.append(
            [
                Paragraph(str(number), centred),
                Paragraph(escape(line.name), cell),
                Paragraph("" if line.volumes is None else str(line.volumes), centred),
                Paragraph(yes_no(line.electronic), centred),
                Paragraph(escape(line.remarks), cell),
            ]
        )
    volumes = sum(line.volumes or 0 for line in lines)
    electronic = sum(1 for line in lines if yes_no(line.electronic) == "是")
    data.append(
        [
            Paragraph("总计", centred),
            Paragraph(f"共 {len(lines)} 家", cell),
            Paragraph(str(volumes), centred),
            Paragraph(f"是 {electronic} 家", centred),
            Paragraph("", cell),
        ]
    )
    table = Table(data, colWidths=[13 * mm, 63 * mm, 30 * mm, 34 * mm, 34 * mm], repeatRows=1)
    table.setStyle(
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
    return table


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
