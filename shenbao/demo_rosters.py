"""Demo rosters: plausible persons with valid ID numbers, written to a real .xlsx and checked as uploads are."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

import xlsxwriter
from django.core.files import File
from django.utils import timezone
from stdnum.cn import ric

from shenbao.accounts.models import User
from shenbao.applications import uploads
from shenbao.applications.models import Application, RosterUpload
from shenbao.domain.roster_columns import ROSTER_COLUMNS, RosterKind

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "洋",
    "艳",
    "勇",
    "杰",
    "婷",
    "强",
    "军",
    "霞",
    "涛",
    "明",
    "超",
    "秀英",
]
POSTS = ["软件工程师", "测试工程师", "数据分析师", "客服专员", "实施顾问", "运维工程师"]


def demo_id(serial: int, male: bool) -> str:
    birth = date(1996, 1, 1) + timedelta(days=serial * 37 % 2500)
    first17 = f"310115{birth:%Y%m%d}{(serial % 450) * 2 + (1 if male else 0):03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


def demo_rows(
    kind: RosterKind, serials: range, *, payer: str, payer_code: str, hired: date, hiring_enterprise: str = ""
) -> list[dict[str, str]]:
    rows = []
    for n, serial in enumerate(serials, start=1):
        male = serial % 3 != 0
        row = {
            "序号": str(n),
            "姓名": SURNAMES[serial % len(SURNAMES)] + GIVEN[serial % len(GIVEN)],
            "性别": "男" if male else "女",
            "证件类型": "身份证",
            "证件号码": demo_id(serial, male),
            "岗位": POSTS[serial % len(POSTS)],
            "社保缴纳单位": payer,
            "社保缴纳单位组织机构代码": payer_code,
            "是否本单位帐户缴纳社保": "是",
            "入职日期": (hired + timedelta(days=serial % 120)).isoformat(),
            "是否在职": "是",
            "离职日期": "",
            "在职时长（天）": "",
        }
        if kind is RosterKind.TRAINEES:
            row |= {
                "培训内容": "Java 企业级开发",
                "考核证书名称": "软件开发工程师（中级）",
                "录用企业名称": hiring_enterprise,
            }
        rows.append(row)
    return rows


def upload_rows(user: User, application: Application, rows: list[dict[str, str]]) -> None:
    """Write the rows to a real .xlsx with the attachment's headers and check it as an upload would."""
    kind = RosterKind(application.kind)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "花名册.xlsx"
        book = xlsxwriter.Workbook(str(path))
        sheet = book.add_worksheet("花名册")
        for col, column in enumerate(ROSTER_COLUMNS[kind]):
            sheet.write_string(0, col, column.header)
            for r, row in enumerate(rows, start=1):
                sheet.write_string(r, col, row.get(column.name, ""))
        book.close()
        job = RosterUpload(
            application=application,
            token=f"demo{application.pk}{timezone.now():%H%M%S%f}",
            original_name="花名册.xlsx",
            size=path.stat().st_size,
            uploaded_by=user,
        )
        with path.open("rb") as handle:
            job.file.save(job.token, File(handle), save=False)
        job.save()
    uploads.process_upload(job.pk)  # synchronously: the demo is built before the worker starts
