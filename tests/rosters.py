"""Builders of real roster files for tests of the web flow (the engine's own fixtures are in tests/files/)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import xlsxwriter
from stdnum.cn import ric

from shenbao.domain.roster_columns import ROSTER_COLUMNS, RosterKind


def valid_id(serial: int, *, male: bool = True, birth: str = "19950101", region: str = "310101") -> str:
    """An 18-character ID number with a correct check character; the 17th digit's parity gives the sex."""
    seq = (serial % 500) * 2 + (1 if male else 0)
    first17 = f"{region}{birth}{seq:03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


def employee(serial: int, *, payer_code: str, hired: str = "2026-03-01", **overrides: str) -> dict[str, str]:
    row = {
        "序号": str(serial),
        "姓名": f"员工{serial}",
        "性别": "男",
        "证件类型": "身份证",
        "证件号码": valid_id(serial),
        "岗位": "软件工程师",
        "社保缴纳单位": "本单位",
        "社保缴纳单位组织机构代码": payer_code,
        "是否本单位帐户缴纳社保": "是",
        "入职日期": hired,
        "是否在职": "是",
        "离职日期": "",
        "在职时长（天）": "",
    }
    row.update(overrides)
    return row


def trainee(serial: int, *, payer_code: str, hiring_enterprise: str, **overrides: str) -> dict[str, str]:
    row = employee(serial, payer_code=payer_code, **overrides)
    row.update(
        {"培训内容": "Java 开发", "考核证书名称": "软件开发工程师证书", "录用企业名称": hiring_enterprise}
    )
    row.update(overrides)
    return row


def write_roster(path: Path, kind: RosterKind, rows: Sequence[dict[str, str]]) -> Path:
    """An .xlsx with the attachment's exact headers and the rows, ID and code columns as text."""
    columns = ROSTER_COLUMNS[kind]
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("花名册")
    for col, column in enumerate(columns):
        sheet.write_string(0, col, column.header)
    for r, row in enumerate(rows, start=1):
        for col, column in enumerate(columns):
            sheet.write_string(r, col, row.get(column.name, ""))
    book.close()
    return path
