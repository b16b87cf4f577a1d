"""The printable package of one application: cover with QR code, the roster, the declaration."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import IO

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph, Spacer, Table, TableStyle

from shenbao.applications.columns import stored_rows
from shenbao.applications.models import Application, ApplicationKind
from shenbao.domain.roster_columns import ROSTER_COLUMNS, Column, RosterKind
from shenbao.printing.fonts import cjk_font
from shenbao.printing.layout import blank, draw_footer, escape, style
from shenbao.printing.roster_pages import Grid, draw_pages, lay_out

MARGIN = 15 * mm
# Relative widths of the roster columns on a landscape page (names and units get more room).
WEIGHTS = {
    "序号": 0.6,
    "姓名": 1.2,
    "性别": 0.6,
    "证件类型": 0.9,
    "证件号码": 2.2,
    "岗位": 1.6,
    "社保缴纳单位": 2.2,
    "社保缴纳单位组织机构代码": 2.0,
    "是否本单位帐户缴纳社保": 1.0,
    "入职日期": 1.2,
    "是否在职": 0.7,
    "离职日期": 1.2,
    "在职时长（天）": 1.0,
    "培训内容": 2.5,
    "考核证书名称": 2.5,
    "录用企业名称": 2.8,
}
DECLARATION = (
    "本单位承诺：本次申报所填报的信息及提交的纸质、电子材料均真实、准确、完整，"
    "花名册所列人员均符合申报通知的条件；如有虚假，本单位愿承担由此产生的一切责任。"
)


@dataclass(frozen=True, slots=True)
class RosterLine:
    """One printed roster row: the cells in the attachment's column order."""

    cells: tuple[str, ...]


def record_path(application: Application) -> str:
    """The application's record, as encoded in the QR code (the view makes it absolute)."""
    return f"/applications/{application.pk}/"


def roster_lines(application: Application, *, full_ids: bool) -> Iterator[RosterLine]:
    """The rows in the attachment's columns; the full ID number only for those entitled to it."""
    names = [column.name for column in ROSTER_COLUMNS[RosterKind(application.kind)]]
    serial_at = names.index("序号") if "序号" in names else None
    tenure_at = names.index("在职时长（天）") if "在职时长（天）" in names else None
    for serial, row in enumerate(stored_rows(application, names, full_ids=full_ids), start=1):
        cells = [text.strip() for text in row.texts]
        if serial_at is not None and not cells[serial_at]:
            cells[serial_at] = str(serial)
        if tenure_at is not None and not cells[tenure_at] and row.tenure_days is not None:
            cells[tenure_at] = str(row.tenure_days)  # computed by shenbao when the applicant left it blank
        yield RosterLine(tuple(cells))


def build_application_pdf(
    application: Application, *, full_ids: bool, record_url: str | None = None
) -> bytes:
    """The whole package as PDF bytes. ``record_url`` is what the QR code links to."""
    buffer = io.BytesIO()
    write_application_pdf(buffer, application, full_ids=full_ids, record_url=record_url)
    return buffer.getvalue()


def write_application_pdf(
    target: IO[bytes],
    application: Application,
    *,
    full_ids: bool,
    record_url: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """The package written into ``target``: cover, the roster (a page at a time), declaration.

    ``progress(pages done, pages)`` is called after each page.
    """
    canvas = Canvas(target, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{application.reference} 申报材料")
    canvas.setAuthor(application.organisation.name)
    canvas.setSubject("上海市服务外包培训支持申报材料")
    wide = landscape(A4)
    columns = ROSTER_COLUMNS[RosterKind(application.kind)]
    grid = Grid(
        font=cjk_font(),
        left=MARGIN,
        widths=_widths(columns, wide[0] - 2 * MARGIN),
        top=wide[1] - MARGIN,
        bottom=MARGIN + 5 * mm,
    )
    header = [column.header for column in columns]
    lines = partial(roster_lines, application, full_ids=full_ids)
    layout = lay_out((line.cells for line in lines()), grid, header)
    total = 2 + layout.pages
    done = 0

    def finish_page() -> None:
        nonlocal done
        done += 1
        draw_footer(canvas, done, total)
        canvas.showPage()
        if progress is not None:
            progress(done, total)

    _frame(A4).addFromList(_cover(application, record_url or record_path(application)), canvas)
    finish_page()
    canvas.setPageSize(wide)
    title = (
        f"{_roster_title(application)}    申报单位：{application.organisation.name}    "
        f"申报编号：{application.reference}"
    )
    draw_pages(
        canvas,
        (line.cells for line in lines()),
        layout=layout,
        grid=grid,
        header=header,
        title=title,
        empty_note="花名册尚未上传。",
        finish_page=finish_page,
    )
    canvas.setPageSize(A4)
    _frame(A4).addFromList(_declaration(application), canvas)
    finish_page()
    canvas.save()


def _frame(size: tuple[float, float]) -> Frame:
    return Frame(MARGIN, MARGIN + 5 * mm, size[0] - 2 * MARGIN, size[1] - 2 * MARGIN - 5 * mm)


def _widths(columns: Sequence[Column], width: float) -> tuple[float, ...]:
    total = sum(WEIGHTS.get(column.name, 1.0) for column in columns)
    return tuple(width * WEIGHTS.get(column.name, 1.0) / total for column in columns)


def _kind_label(application: Application) -> str:
    return str(ApplicationKind(application.kind).label)


def _cover(application: Application, record_url: str) -> list[Flowable]:
    organisation = application.organisation
    authority = application.authority
    facts = [
        ("申报编号", application.reference),
        ("申报单位", organisation.name),
        ("统一社会信用代码/组织机构代码", organisation.code),
        ("受理部门", f"{authority.name}（{authority.office}）"),
        ("申报批次", f"{application.call.year}年度"),
        ("申报类型", _kind_label(application)),
        ("申报人数", f"{application.persons} 人"),
    ]
    if application.eligible_persons is not None:
        facts.append(("审定人数", f"{application.eligible_persons} 人"))
    if application.paper_volumes_declared is not None:
        facts.append(("纸质材料册数", f"{application.paper_volumes_declared} 册"))
    label, value = style(12), style(12)
    table = Table(
        [[Paragraph(k, label), Paragraph(escape(v), value)] for k, v in facts],
        colWidths=[72 * mm, 108 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef2f6")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return [
        Spacer(1, 20 * mm),
        Paragraph("上海市服务外包培训支持申报材料", style(22, align=1)),
        Spacer(1, 4 * mm),
        Paragraph(f"{application.call.year}年度 · {_kind_label(application)}", style(13, align=1)),
        Spacer(1, 14 * mm),
        table,
        Spacer(1, 12 * mm),
        _qr(record_url),
        Paragraph("扫描二维码查看本申报的电子记录", style(9, align=1)),
        Paragraph(escape(record_url), style(8, align=1)),
    ]


class _Centred(Flowable):  # type: ignore[misc]
    def __init__(self, drawing: Drawing) -> None:
        super().__init__()
        self.drawing = drawing

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._offset = (available_width - self.drawing.width) / 2
        return available_width, self.drawing.height

    def draw(self) -> None:
        self.drawing.drawOn(self.canv, self._offset, 0)


def _qr(url: str) -> Flowable:
    widget = QrCodeWidget(url, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    size = 38 * mm
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return _Centred(drawing)


def _roster_title(application: Application) -> str:
    titles = {
        RosterKind.EMPLOYEES: "服务外包企业新录用员工培训支持申请表",
        RosterKind.TRAINEES: "培训机构培训人员支持申请表",
    }
    return titles[RosterKind(application.kind)]


def _declaration(application: Application) -> list[Flowable]:
    body = style(12, leading=22)
    signature_lines = [
        [Paragraph("法定代表人（签字）：", body), ""],
        [Paragraph("经办人（签字）：", body), ""],
        [Paragraph("联系电话：", body), ""],
        [Paragraph("申报单位（盖章）：", body), ""],
        [Paragraph(f"日期：{blank(12)}年{blank(6)}月{blank(6)}日", body), ""],
    ]
    table = Table(signature_lines, colWidths=[60 * mm, 95 * mm], rowHeights=[16 * mm] * 5)
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (1, 0), (1, 2), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    seal = Table([[Paragraph("盖章处", style(10, align=1))]], colWidths=[45 * mm], rowHeights=[45 * mm])
    seal.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TEXTCOLOR", (0, 0), (-1, -1), colors.grey),
            ]
        )
    )
    seal.hAlign = "RIGHT"
    return [
        Spacer(1, 10 * mm),
        Paragraph("申报单位声明", style(20, align=1)),
        Spacer(1, 10 * mm),
        Paragraph(DECLARATION, body),
        Spacer(1, 4 * mm),
        Paragraph(
            f"申报编号：{application.reference}{blank(4)}申报单位：{escape(application.organisation.name)}"
            f"{blank(4)}申报人数：{application.persons} 人",
            style(11),
        ),
        Spacer(1, 12 * mm),
        table,
        Spacer(1, 8 * mm),
        seal,
    ]
