"""Two calls and applications in every status, so a newcomer can walk through the whole flow.

Everything goes through the same services the pages use (upload → check → submit →
review → report → approve → publish → pay), so the demo also shows real Events, findings
and the flow's refusals. Only `make run` on an empty database calls this (via create_demo_data).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from shenbao.accounts.models import User
from shenbao.applications import services as applicant
from shenbao.applications.models import Application, RosterRow
from shenbao.calls.models import Call
from shenbao.catalog.services import save_self_declared_figures
from shenbao.demo_rosters import demo_rows, upload_rows
from shenbao.domain.catalog import parse_figures
from shenbao.domain.roster_columns import RosterKind
from shenbao.organisations.models import Organisation
from shenbao.reviews import approvals, publicity
from shenbao.reviews import services as review


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


def accept_all(reviewer: User, application: Application, *, override_reason: str = "") -> Application:
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
        by=reviewer,
        application=application,
        expected_version=application.version,
        override_reason=override_reason,
    )


def reviewer_of(number: int) -> User:
    return User.objects.get(username=f"reviewer{number:02d}")


def listed(user: User, organisation: Organisation, data_year: int) -> None:
    """Self-declared figures that meet the catalog's first listing test (a provisional decision)."""
    figures = {
        "name": organisation.name,
        "data_year": data_year,
        "revenue_usd": "800000",
        "offshore_revenue_usd": "600000",
        "export_usd": {"ITO": "600000"},
        "staff": 120,
        "staff_college": 100,
        "categories": ["ITO"],
        "source": "self",
    }
    save_self_declared_figures(organisation=organisation, figures=parse_figures(figures), by=user)


def organisation_of(user: User) -> Organisation:
    assert user.organisation is not None
    return user.organisation


# A demo enterprise (徐汇) has no business figures: accepting and approving it needs a recorded reason.
NO_FIGURES_REASON = "企业已提交统计系统审定材料，数据待导入；经核实符合列入标准"


@transaction.atomic
def create_demo_flow() -> None:
    admin = User.objects.get(username="admin")
    ent1, ent2, ent3, ent4 = (User.objects.get(username=f"enterprise{n}") for n in (1, 2, 3, 4))
    inst1, inst2 = (User.objects.get(username=f"institution{n}") for n in (1, 2))
    today = timezone.localdate()
    org1, org2, org3, org4 = map(organisation_of, (ent1, ent2, ent3, ent4))
    for user, organisation in ((ent1, org1), (ent3, org3), (ent4, org4)):
        listed(user, organisation, 2015)  # the data year of the 2016 edition both calls use
    last_year(admin, today, ent1, ent2, ent3)
    this_year(admin, today, ent1, ent2, ent3, ent4, inst1, inst2)


def last_year(admin: User, today: date, ent1: User, ent2: User, ent3: User) -> None:
    """Last year's call run to the end: paid after its 公示, one rejected, one withdrawn after the close."""
    earlier = Call.objects.create(
        year=today.year - 1,
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=1),
        hired_from=date(today.year - 2, 7, 1),
        hired_to=date(today.year - 1, 6, 30),
        reference_date=today,
    )
    hired = date(today.year - 2, 9, 1)
    org1, org2, org3 = map(organisation_of, (ent1, ent2, ent3))
    old = prepare(
        ent2,
        earlier,
        demo_rows(RosterKind.EMPLOYEES, range(100, 112), payer=org2.name, payer_code=org2.code, hired=hired),
    )
    reviewer2 = reviewer_of(org2.authority.number)
    old = accept_all(reviewer2, submit(ent2, old), override_reason=NO_FIGURES_REASON)
    review.report_summary(by=reviewer2, call=earlier)
    old.refresh_from_db()
    old = approvals.approve_application(
        by=admin, application=old, expected_version=old.version, override_reason=NO_FIGURES_REASON
    )
    # 浦东: not supported (rejected by its authority).
    refused = submit(
        ent1,
        prepare(
            ent1,
            earlier,
            demo_rows(
                RosterKind.EMPLOYEES, range(150, 156), payer=org1.name, payer_code=org1.code, hired=hired
            ),
        ),
    )
    review.reject_application(
        by=reviewer_of(org1.authority.number),
        application=refused,
        expected_version=refused.version,
        reason="所附劳动合同与花名册人员不符，经核实不予支持",
    )
    # 青浦: submitted, then withdrawn after the call closed — final.
    late = submit(
        ent3,
        prepare(
            ent3,
            earlier,
            demo_rows(
                RosterKind.EMPLOYEES, range(170, 175), payer=org3.name, payer_code=org3.code, hired=hired
            ),
        ),
    )
    closes = date(today.year - 1, 11, 30)
    Call.objects.filter(pk=earlier.pk).update(
        opens_on=date(today.year - 1, 10, 1), closes_on=closes, reference_date=date(today.year - 1, 10, 31)
    )
    earlier.refresh_from_db()
    late.refresh_from_db()
    applicant.withdraw_application(by=ent3, application=late, expected_version=late.version)
    publicity.publish_call(
        by=admin,
        call=earlier,
        starts_on=closes + timedelta(days=20),
        ends_on=closes + timedelta(days=26),
        contact="市商务委服务贸易处，电话 021-23110000",
    )
    old.refresh_from_db()
    approvals.pay_application(
        by=admin,
        application=old,
        expected_version=old.version,
        paid_on=closes + timedelta(days=40),
        amount=old.amount,
        voucher=f"沪商拨〔{today.year - 1}〕18号",
    )


def this_year(
    admin: User, today: date, ent1: User, ent2: User, ent3: User, ent4: User, inst1: User, inst2: User
) -> None:
    """This year's call, open now: a draft, submitted, returned, accepted, reported and approved application."""
    call = Call.objects.create(
        year=today.year,
        opens_on=today - timedelta(days=20),
        closes_on=today + timedelta(days=30),
        hired_from=date(today.year - 1, 7, 1),
        hired_to=date(today.year, 6, 30),
        reference_date=today,
    )
    hired = date(today.year - 1, 9, 1)
    org1, org2, org3, org4 = map(organisation_of, (ent1, ent2, ent3, ent4))
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
    reviewer2 = reviewer_of(org2.authority.number)
    stored = list(returned.rows.order_by("number"))
    # Decided before the return: a re-upload keeps these decisions for rows it leaves unchanged.
    review.decide_rows(
        by=reviewer2,
        application=returned,
        rows=[review.RowDecision(row_id=r.pk, version=r.version) for r in stored[1:]],
        decision=RosterRow.Decision.ELIGIBLE,
    )
    returned.refresh_from_db()
    first = stored[0] if stored else None
    review.return_application(
        by=reviewer2,
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
    # 长宁: accepted by its authority, not yet reported; 3 volumes declared, 2 received (acknowledged).
    accepted = submit(
        ent4,
        prepare(
            ent4,
            call,
            demo_rows(
                RosterKind.EMPLOYEES, range(230, 238), payer=org4.name, payer_code=org4.code, hired=hired
            ),
            volumes=3,
        ),
    )
    reviewer4 = reviewer_of(org4.authority.number)
    review.decide_rows(
        by=reviewer4,
        application=accepted,
        rows=[review.RowDecision(row_id=r.pk, version=r.version) for r in accepted.rows.all()],
        decision=RosterRow.Decision.ELIGIBLE,
    )
    accepted.refresh_from_db()
    accepted = review.record_receipt(
        by=reviewer4,
        application=accepted,
        expected_version=accepted.version,
        paper_volumes_received=2,
        materials_complete=True,
        review_remarks="第三册待补交",
    )
    review.accept_application(
        by=reviewer4, application=accepted, expected_version=accepted.version, volumes_acknowledged=True
    )
    # 嘉定 institution: reported to the city, waiting for its decision.
    org_i2 = organisation_of(inst2)
    trainees = demo_rows(
        RosterKind.TRAINEES,
        range(260, 266),
        payer=org_i2.name,
        payer_code=org_i2.code,
        hired=hired,
        hiring_enterprise=org4.name,
    )
    reviewer_i2 = reviewer_of(org_i2.authority.number)
    accept_all(reviewer_i2, submit(inst2, prepare(inst2, call, trainees, volumes=1)))
    review.report_summary(by=reviewer_i2, call=call)
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
    prepare(inst1, call, rows, volumes=1)
