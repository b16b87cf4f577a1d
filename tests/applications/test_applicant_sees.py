"""The applicant sees its own rows as the reviewer does: hints before submitting, reasons on a return,
each person's result and the amounts after the decision; and edits a row with or without htmx."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shenbao.applications import services
from shenbao.applications.models import Application, Payment
from shenbao.domain.workflow import Status
from shenbao.reviews import services as review
from tests.applications.conftest import signed_in, url
from tests.rosters import valid_id

pytestmark = pytest.mark.django_db


def test_eligibility_hints_show_before_submitting_as_warnings(
    enterprise_user, application, upload, employees, roster_file, today
) -> None:
    early = (application.call.hired_from - timedelta(days=10)).isoformat()
    upload(enterprise_user, application, roster_file(employees(2, row2={"入职日期": early})))
    page = signed_in(enterprise_user).get(url("roster", application.pk) + "?show=all").content.decode()
    assert "资格提示" in page and "早于本批次计入范围的起始日" in page
    assert "另有 1 行有提醒或资格提示" in page
    assert "花名册检查通过" in page  # a hint is not an error: the applicant may still submit


def test_the_reasons_pinned_to_rows_show_on_those_rows(
    enterprise_user, reviewer, application, upload, employees, roster_file, today
) -> None:
    upload(enterprise_user, application, roster_file(employees(2)))
    services.update_details(by=enterprise_user, application=application, paper_volumes=1, remarks="")
    application.refresh_from_db()
    submitted = services.submit_application(
        by=enterprise_user, application=application, expected_version=application.version, declaration=True
    )
    review.return_application(
        by=reviewer,
        application=submitted,
        expected_version=submitted.version,
        reasons=[review.Reason("岗位请写实际岗位", row_number=3)],
        deadline=today + timedelta(days=5),
    )
    client = signed_in(enterprise_user)
    page = client.get(url("roster", application.pk) + "?show=all").content.decode()
    row3 = page[page.index('id="row-3"') :]
    assert "退回原因" in row3[: row3.index("</tr>")] and "岗位请写实际岗位" in row3[: row3.index("</tr>")]
    editor = client.get(url("edit_row", application.pk, application.rows.get(number=3).pk)).content.decode()
    assert "岗位请写实际岗位" in editor


def test_after_payment_the_applicant_sees_each_person_and_the_amounts(
    enterprise_user, city_admin, application, upload, employees, roster_file
) -> None:
    upload(enterprise_user, application, roster_file(employees(3)))
    rows = list(application.rows.order_by("number"))
    for row in rows[:2]:
        row.decision = "eligible"
        row.save()
    rows[2].decision, rows[2].decision_reason = "ineligible", "入职日期不在计入范围"
    rows[2].save()
    Application.objects.filter(pk=application.pk).update(
        status=Status.PAID, eligible_persons=2, amount=Decimal("9000.00")
    )
    Payment.objects.create(
        application=application,
        paid_on=timezone.localdate(),
        amount=Decimal("9000.00"),
        voucher="沪商拨〔2026〕7号",
        recorded_by=city_admin,
    )
    client = signed_in(enterprise_user)
    page = client.get(url("detail", application.pk)).content.decode()
    assert "审定结果" in page and "9,000.00 元（每人 4,500.00 元）" in page
    assert "沪商拨〔2026〕7号" in page
    assert "入职日期不在计入范围" in page and page.count("4,500.00 元") >= 3
    assert valid_id(1) not in page
    roster = client.get(url("roster", application.pk) + "?show=all").content.decode()
    assert "审核结论" in roster and "支持金额" in roster and "0.00 元" in roster


def test_the_standalone_row_page_saves_without_htmx(
    enterprise_user, application, upload, employees, roster_file
) -> None:
    upload(enterprise_user, application, roster_file(employees(2, row2={"性别": "女"})))
    row = application.rows.get(number=3)
    client = signed_in(enterprise_user)
    page = client.get(url("edit_row", application.pk, row.pk)).content.decode()
    # Opened in its own tab there is no table row to swap: the form posts plainly.
    assert "hx-post" not in page and "保存并重新检查" in page
    response = client.post(
        url("edit_row", application.pk, row.pk),
        {**row.values, "证件号码": valid_id(2), "性别": "男", "version": 1},
    )
    assert response.status_code == 302 and response["Location"].endswith("#row-3")
    row.refresh_from_db()
    assert not row.has_errors


def test_the_standalone_row_page_saves_when_htmx_boosts_it_without_a_target(
    enterprise_user, application, upload, employees, roster_file
) -> None:
    upload(enterprise_user, application, roster_file(employees(2, row2={"性别": "女"})))
    row = application.rows.get(number=3)
    response = signed_in(enterprise_user).post(
        url("edit_row", application.pk, row.pk),
        {**row.values, "证件号码": valid_id(2), "性别": "男", "version": 1},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert not row.has_errors
