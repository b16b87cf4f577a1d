"""City admin use cases: approve, send back, move, pay, totals that add up, the payment list."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core import mail
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from shenbao.applications.models import Application, Event, Payment
from shenbao.applications.transitions import STALE_MESSAGE, StaleView
from shenbao.calls.models import Call
from shenbao.domain.workflow import Status, TransitionNotAllowed
from shenbao.reviews import approvals, selectors, services
from tests import factories
from tests.downloads.taking import content_of, take_download

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(make_accepted, enterprise, reviewer, call) -> Application:
    application = make_accepted(enterprise, persons=3, eligible=2)
    services.report_summary(by=reviewer, call=call)
    application.refresh_from_db()
    return application


def test_approval_fixes_the_amount_as_eligible_persons_times_the_standard(reported, city_admin, call):
    approved = approvals.approve_application(
        by=city_admin, application=reported, expected_version=reported.version
    )
    assert approved.status == Status.APPROVED
    assert approved.eligible_persons == 2
    assert approved.amount == Decimal("9000.00") == 2 * call.standard_employees
    event = Event.objects.get(application=reported, action="approve")
    assert event.data == {"eligible_persons": 2, "standard": "4500.00", "amount": "9000.00"}
    assert "9,000.00 元" in mail.outbox[0].body


def test_approving_an_enterprise_without_figures_needs_a_recorded_reason(
    make_accepted, enterprise, reviewer, city_admin, call
):
    application = make_accepted(enterprise, listed=False, override_reason="已核实")
    services.report_summary(by=reviewer, call=call)
    application.refresh_from_db()
    with pytest.raises(TransitionNotAllowed, match="请填写仍然审定的理由"):
        approvals.approve_application(
            by=city_admin, application=application, expected_version=application.version
        )

    approved = approvals.approve_application(
        by=city_admin,
        application=application,
        expected_version=application.version,
        override_reason="数据待导入",
    )

    assert approved.status == Status.APPROVED and approved.override_reason == "数据待导入"
    assert (
        Event.objects.get(application=application, action="approve").data["override_reason"] == "数据待导入"
    )


def test_the_amount_stays_fixed_when_the_standard_changes_later(reported, city_admin, call):
    approvals.approve_application(by=city_admin, application=reported, expected_version=reported.version)
    call.standard_employees = Decimal("1000")
    call.save()
    reported.refresh_from_db()
    assert reported.amount == Decimal("9000.00")


def test_institution_approval_uses_the_trainee_standard(
    make_accepted, pudong_institution, reviewer, city_admin, call
):
    application = make_accepted(pudong_institution, persons=4, eligible=3)
    services.report_summary(by=reviewer, call=call)
    application.refresh_from_db()
    approved = approvals.approve_application(
        by=city_admin, application=application, expected_version=application.version
    )
    assert approved.amount == Decimal("1500.00")


def test_approve_on_a_stale_page_is_refused(reported, city_admin):
    shown = reported.version
    approvals.send_back_application(
        by=city_admin, application=reported, expected_version=shown, reason="人数有误"
    )
    with pytest.raises(StaleView, match=STALE_MESSAGE):
        approvals.approve_application(by=city_admin, application=reported, expected_version=shown)


def test_only_reported_applications_can_be_approved(make_accepted, enterprise, city_admin):
    application = make_accepted(enterprise)
    with pytest.raises(TransitionNotAllowed, match="当前状态为“区审核通过”，不能“审定”"):
        approvals.approve_application(
            by=city_admin, application=application, expected_version=application.version
        )


def test_a_reviewer_cannot_approve(reported, reviewer):
    with pytest.raises(Http404):
        approvals.approve_application(by=reviewer, application=reported, expected_version=reported.version)


def test_send_back_returns_it_to_the_authority_with_the_reason(reported, city_admin):
    with pytest.raises(TransitionNotAllowed, match="原因"):
        approvals.send_back_application(
            by=city_admin, application=reported, expected_version=reported.version, reason=""
        )
    sent = approvals.send_back_application(
        by=city_admin, application=reported, expected_version=reported.version, reason="请复核第 3 行"
    )
    assert sent.status == Status.SUBMITTED
    assert sent.summary is None
    assert Event.objects.get(application=reported, action="send_back").comment == "请复核第 3 行"


def _pay(application: Application, by, **changes):
    payment = {
        "paid_on": timezone.localdate(),
        "amount": application.amount,
        "voucher": "沪商拨〔2026〕118号",
    }
    return approvals.pay_application(
        by=by, application=application, expected_version=application.version, **{**payment, **changes}
    )


def _published(call) -> None:
    Call.objects.filter(pk=call.pk).update(published_at=timezone.now())


def test_payment_is_recorded_after_approval_and_the_publicity_only(reported, city_admin, call):
    with pytest.raises(TransitionNotAllowed, match="不能“记录拨付”"):
        _pay(reported, city_admin, amount=Decimal("1"))
    approved = approvals.approve_application(
        by=city_admin, application=reported, expected_version=reported.version
    )
    with pytest.raises(TransitionNotAllowed, match="尚未公示"):
        _pay(approved, city_admin)
    _published(call)

    paid = _pay(approved, city_admin)

    assert paid.status == Status.PAID
    assert Event.objects.get(application=reported, action="pay").comment == "沪商拨〔2026〕118号"
    payment = Payment.objects.get(application=reported)
    assert (payment.amount, payment.voucher, payment.recorded_by) == (
        Decimal("9000.00"),
        "沪商拨〔2026〕118号",
        city_admin,
    )
    assert len(mail.outbox) == 2 and "9,000.00 元" in mail.outbox[1].body


def test_a_payment_over_the_approved_amount_is_refused_and_nothing_is_recorded(reported, city_admin, call):
    approved = approvals.approve_application(
        by=city_admin, application=reported, expected_version=reported.version
    )
    _published(call)
    with pytest.raises(TransitionNotAllowed, match="超过审定金额 9,000.00 元"):
        _pay(approved, city_admin, amount=Decimal("9000.01"))
    with pytest.raises(TransitionNotAllowed, match="凭证号"):
        _pay(approved, city_admin, voucher=" ")
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED and not Payment.objects.exists()
    assert _pay(approved, city_admin, amount=Decimal("8000.00")).payment.amount == Decimal("8000.00")


def test_moving_an_application_reroutes_it_and_both_authorities_see_the_move(
    make_application, enterprise, city_admin, reviewer, other_reviewer, client
):
    application = make_application(enterprise)
    xuhui = other_reviewer.authority
    moved = approvals.move_application(
        by=city_admin,
        application=application,
        expected_version=application.version,
        to=xuhui,
        comment="注册地在徐汇",
    )
    assert moved.authority == xuhui
    event = Event.objects.get(application=application, action="move")
    assert (event.data["from_name"], event.data["to_name"]) == (reviewer.authority.name, xuhui.name)
    client.force_login(other_reviewer)
    page = client.get(reverse("reviews:application", args=[application.pk])).content.decode()
    assert "注册地在徐汇" in page and "移交主管部门" in page
    client.force_login(reviewer)
    assert client.get(reverse("reviews:application", args=[application.pk])).status_code == 404
    queue = client.get(reverse("reviews:queue")).content.decode()
    assert application.reference in queue and f"移交{xuhui.name}" in queue


def test_a_reported_application_cannot_be_moved(reported, city_admin, other_reviewer):
    with pytest.raises(TransitionNotAllowed, match="已上报市级"):
        approvals.move_application(
            by=city_admin,
            application=reported,
            expected_version=reported.version,
            to=other_reviewer.authority,
        )


def test_moving_an_organisation_takes_its_open_applications_along(
    make_application, enterprise, city_admin, other_reviewer
):
    application = make_application(enterprise)
    moved = approvals.move_organisation(by=city_admin, organisation=enterprise, to=other_reviewer.authority)
    enterprise.refresh_from_db()
    application.refresh_from_db()
    assert moved == [application]
    assert enterprise.authority == application.authority == other_reviewer.authority
    assert Event.objects.filter(application=application, action="move").exists()


def test_only_the_city_moves(make_application, enterprise, reviewer, other_reviewer):
    application = make_application(enterprise)
    with pytest.raises(Http404):
        approvals.move_application(
            by=reviewer,
            application=application,
            expected_version=application.version,
            to=other_reviewer.authority,
        )


def test_amounts_add_up_across_application_authority_and_city(
    make_accepted, pudong_institution, reviewer, city_admin, call
):
    organisations = [
        (factories.make_organisation(number=5), 3, 2),
        (pudong_institution, 4, 4),
        (factories.make_organisation(number=16), 5, 1),
        (factories.make_organisation(number=1), 2, 0),
    ]
    applications = []
    for organisation, persons, eligible in organisations:
        application = make_accepted(organisation, persons=persons, eligible=eligible)
        Application.objects.filter(pk=application.pk).update(status=Status.REPORTED)
        application.refresh_from_db()
        if not eligible:  # nobody to support: it is not approved (it waits to be sent back)
            applications.append(application)
            continue
        applications.append(
            approvals.approve_application(
                by=city_admin, application=application, expected_version=application.version
            )
        )
    totals = selectors.city_totals(city_admin, call)
    application_sum = sum((a.amount or Decimal("0") for a in applications), Decimal("0"))
    assert application_sum == Decimal("4500") * 2 + Decimal("500") * 4 + Decimal("4500") * 1
    assert totals.all.amount == application_sum
    assert sum((d.all.amount for d in totals.authorities), Decimal("0")) == totals.all.amount
    assert sum((t.amount for t in totals.by_kind.values()), Decimal("0")) == totals.all.amount
    for authority in totals.authorities:
        assert sum((t.amount for t in authority.by_kind.values()), Decimal("0")) == authority.all.amount
        assert authority.all.amount == sum(
            (a.amount or Decimal("0") for a in applications if a.authority_id == authority.authority.pk),
            Decimal("0"),
        )
    assert (totals.all.applications, totals.all.persons, totals.all.eligible_persons) == (4, 14, 7)
    pudong = next(d for d in totals.authorities if d.authority.number == 5)
    assert pudong.by_kind["trainees"].amount == Decimal("2000.00")
    assert pudong.by_kind["employees"].eligible_persons == 2


def test_city_page_shows_the_totals(client, city_admin, reported, call):
    client.force_login(city_admin)
    page = client.get(reverse("reviews:city"), {"call": call.pk}).content.decode()
    assert "浦东" in page and "全市" in page


def test_payment_list_has_approved_persons_with_masked_numbers_only(client, reported, city_admin, call):
    approvals.approve_application(by=city_admin, application=reported, expected_version=reported.version)
    client.force_login(city_admin)
    response = client.get(reverse("reviews:approved_export", args=[call.pk]))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert sheet[0][0] == f"{call.year}年度服务外包培训支持审定人员名单"
    people = sheet[2:-1]
    assert len(people) == 2
    eligible = reported.rows.filter(decision="eligible").order_by("number")
    assert [row[7] for row in people] == [row.id_masked for row in eligible]
    assert all("*" in row[7] for row in people)
    assert [row[-1] for row in people] == [4500, 4500]
    assert sheet[-1][0] == "总计" and sheet[-1][-1] == 9000


def test_the_payment_list_shares_an_amount_to_the_fen_as_money(
    client, make_accepted, enterprise, reviewer, city_admin, call
):
    application = make_accepted(enterprise, persons=3, eligible=3)
    Application.objects.filter(pk=application.pk).update(
        status=Status.APPROVED, eligible_persons=3, amount=Decimal("100.00")
    )
    client.force_login(city_admin)
    response = client.get(reverse("reviews:approved_export", args=[call.pk]))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert [row[-1] for row in sheet[2:-1]] == [33.33, 33.33, 33.33]
    # The total is the sum of what the list shows, to the fen (a float sum said 100).
    assert sheet[-1][-1] == 99.99


def test_payment_list_is_for_the_city_only(client, reviewer, call):
    client.force_login(reviewer)
    assert client.get(reverse("reviews:approved_export", args=[call.pk])).status_code == 404


def test_a_large_payment_list_is_built_by_the_worker_with_the_same_rows(
    client, reported, city_admin, call, settings, django_capture_on_commit_callbacks
):
    approvals.approve_application(by=city_admin, application=reported, expected_version=reported.version)
    client.force_login(city_admin)
    url = reverse("reviews:approved_export", args=[call.pk])
    at_once = client.get(url)
    assert at_once["Content-Type"].startswith("application/vnd.openxmlformats")
    settings.SHENBAO_INLINE_EXPORT_ROWS = 1  # two approved persons: built by the worker

    built = take_download(client, url, django_capture_on_commit_callbacks)

    def sheet(content: bytes) -> list[list[object]]:
        return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()

    assert sheet(content_of(built)) == sheet(at_once.content)
    assert len(sheet(at_once.content)) == 5  # title, headers, two persons, the total
