"""A call and applications in several statuses, so a newcomer can walk through the whole flow.

Everything goes through the same services the pages use (upload → check → submit →
review → report → approve → pay), so the demo also shows real Events and findings.
Only `make run` on an empty database calls this (via create_demo_data).
"""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

import xlsxwriter
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from stdnum.cn import ric

from shenbao.accounts.models import User
from shenbao.applications import services as applicant
from shenbao.applications import uploads
from shenbao.applications.models import Application, RosterRow, RosterUpload
from shenbao.calls.models import Call
from shenbao.domain.roster_columns import ROSTER_COLUMNS, RosterKind
from shenbao.reviews import approvals
from shenbao.reviews import services as review

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


def prepare(user: User, call: Call, rows: list[dict[str, str]], volumes: int = 2) -> Application:
    application = applicant.create_application(by=user, call=call)
    upload_rows(user, application, rows)
    applicant.update_details(by=user, application=application, paper_volumes=volumes, remarks="")
    application.refresh_from_db()
    return application


def submit(user: User, application: Application) -> Application:
    return applicant.submit_application(
        by=user, application=application, expected_version=application.version, declaration=True
    )


def accept_all(reviewer: User, application: Application) -> Application:
    decisions = [review.RowDecision(row_id=r.pk, version=r.version) for r in application.rows.all()]
    review.decide_rows(
        by=reviewer, application=application, rows=decisions, decision=RosterRow.Decision.ELIGIBLE
    )
    application.refresh_from_db()
    application = review.record_receipt(
        by=reviewer,
        application=application,
        expected_version=application.version,
        paper_volumes_received=application.paper_volumes_declared or 1,
        materials_complete=True,
    )
    return review.accept_application(
        by=reviewer, application=application, expected_version=application.version
    )


def reviewer_of(number: int) -> User:
    return User.objects.get(username=f"reviewer{number:02d}")


@transaction.atomic
def create_demo_flow() -> None:
    admin = User.objects.get(username="admin")
    ent1, ent2, ent3 = (
        User.objects.get(username=name) for name in ("enterprise1", "enterprise2", "enterprise3")
    )
    inst = User.objects.get(username="institution1")
    today = timezone.localdate()

    # Last year's call, run to the end (approved, paid, published), then closed.
    earlier = Call.objects.create(
        year=today.year - 1,
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=1),
        hired_from=date(today.year - 2, 7, 1),
        hired_to=date(today.year - 1, 6, 30),
        reference_date=today,
    )
    org2 = ent2.organisation
    assert org2 is not None
    old = prepare(
        ent2,
        earlier,
        demo_rows(
            RosterKind.EMPLOYEES,
            range(100, 112),
            payer=org2.name,
            payer_code=org2.code,
            hired=date(today.year - 2, 9, 1),
        ),
    )
    old = accept_all(reviewer_of(org2.authority.number), submit(ent2, old))
    review.report_summary(by=reviewer_of(org2.authority.number), call=earlier)
    old.refresh_from_db()
    old = approvals.approve_application(by=admin, application=old, expected_version=old.version)
    approvals.pay_application(by=admin, application=old, expected_version=old.version, comment="已拨付")
    Call.objects.filter(pk=earlier.pk).update(
        opens_on=date(today.year - 1, 10, 1),
        closes_on=date(today.year - 1, 11, 30),
        reference_date=date(today.year - 1, 10, 31),
        published_at=timezone.now(),
    )

    # This year's call, open now.
    call = Call.objects.create(
        year=today.year,
        opens_on=today - timedelta(days=20),
        closes_on=today + timedelta(days=30),
        hired_from=date(today.year - 1, 7, 1),
        hired_to=date(today.year, 6, 30),
        reference_date=today,
    )
    hired = date(today.year - 1, 9, 1)
    org1, org3, org_i = ent1.organisation, ent3.organisation, inst.organisation
    assert org1 is not None and org3 is not None and org_i is not None
    # 浦东: submitted, waiting for reviewer05.
    submit(
        ent1,
        prepare(
            ent1,
            call,
            demo_rows(RosterKind.EMPLOYEES, range(1, 31), payer=org1.name, payer_code=org1.code, hired=hired),
        ),
    )
    # 徐汇: returned for correction; three of its persons were supported last year (a cross-check finding).
    returned = submit(
        ent2,
        prepare(
            ent2,
            call,
            demo_rows(
                RosterKind.EMPLOYEES, range(109, 124), payer=org2.name, payer_code=org2.code, hired=hired
            ),
        ),
    )
    first = returned.rows.order_by("number").first()
    review.return_application(
        by=reviewer_of(org2.authority.number),
        application=returned,
        expected_version=returned.version,
        reasons=[
            review.Reason(text="请补充劳动合同扫描件"),
            review.Reason(
                text="该员工上年度已获支持，请核实后删除", row_number=first.number if first else None
            ),
        ],
        deadline=today + timedelta(days=10),
    )
    # 青浦: accepted, reported in the 附件2 summary and approved by the city.
    approved = accept_all(
        reviewer_of(org3.authority.number),
        submit(
            ent3,
            prepare(
                ent3,
                call,
                demo_rows(
                    RosterKind.EMPLOYEES, range(200, 220), payer=org3.name, payer_code=org3.code, hired=hired
                ),
            ),
        ),
    )
    review.report_summary(by=reviewer_of(org3.authority.number), call=call)
    approved.refresh_from_db()
    approvals.approve_application(by=admin, application=approved, expected_version=approved.version)
    # 闵行 institution: a draft whose roster still has errors to fix.
    rows = demo_rows(
        RosterKind.TRAINEES,
        range(300, 312),
        payer=org1.name,
        payer_code=org1.code,
        hired=hired,
        hiring_enterprise=org1.name,
    )
    rows[2]["证件号码"] = rows[2]["证件号码"][:-1] + ("0" if rows[2]["证件号码"][-1] != "0" else "1")
    rows[5]["性别"] = "女" if rows[5]["性别"] == "男" else "男"
    rows[7]["培训内容"] = ""
    prepare(inst, call, rows, volumes=1)
