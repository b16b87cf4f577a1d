"""The flow's rules in a real browser (issue 12): confirmations, withdraw to draft, the review kept on a
re-upload, the 公示 refused while undecided, a payment over the approved amount refused, and the
applicant's page after payment. Tasks run inline (ImmediateBackend)."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from shenbao.applications import services, uploads
from shenbao.applications.models import Application, RosterRow
from shenbao.calls.models import Call
from shenbao.domain.roster_columns import RosterKind
from shenbao.domain.workflow import Status
from shenbao.reviews import services as review
from tests import factories, rosters

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db, settings):  # type: ignore[no-untyped-def]
    from shenbao.directory.services import load_directory

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    load_directory()
    organisation = factories.make_organisation(number=5, name="上海流程规则软件有限公司")
    factories.listed(organisation)
    return {
        "call": factories.make_open_call(),
        "applicant": factories.make_applicant(organisation, "rules-hr"),
        "reviewer": factories.make_reviewer(5, "rules-reviewer"),
        "admin": factories.make_city_admin(),
    }


def _roster(path: Path, code: str, count: int, **by_row: dict[str, str]) -> Path:
    hired = (timezone.localdate() - timedelta(days=60)).isoformat()
    rows = [
        rosters.employee(n, payer_code=code, hired=hired, **by_row.get(f"row{n}", {}))
        for n in range(1, count + 1)
    ]
    return rosters.write_roster(path, RosterKind.EMPLOYEES, rows)


def _submitted(world, path: Path, count: int) -> Application:  # type: ignore[no-untyped-def]
    """An application whose clean roster of ``count`` persons is submitted (through the services)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    user = world["applicant"]
    application = services.create_application(by=user, call=world["call"])
    upload = SimpleUploadedFile("花名册.xlsx", _roster(path, user.organisation.code, count).read_bytes())
    uploads.start_roster_upload(by=user, application=application, upload=upload)
    services.update_details(by=user, application=application, paper_volumes=1, remarks="")
    application.refresh_from_db()
    return services.submit_application(
        by=user, application=application, expected_version=application.version, declaration=True
    )


def test_withdraw_is_confirmed_goes_back_to_draft_and_is_submitted_again(  # type: ignore[no-untyped-def]
    page: Page, live_server, world, login, shot, tmp_path
) -> None:
    application = _submitted(world, tmp_path / "r.xlsx", 2)
    login(page, "rules-hr", factories.PASSWORD)
    page.goto(f"{live_server.url}/applications/{application.pk}/")
    page.get_by_role("link", name="撤回申报…").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("确认撤回申报")
    expect(page.locator(".confirm")).to_contain_text("申报回到草稿")
    shot(page, "withdraw-confirmation")
    page.get_by_role("button", name="确认撤回").click()
    expect(page.locator("dl.facts:not(.row-detail) .tag")).to_have_text("草稿")
    expect(page.get_by_text("申报已撤回，回到草稿")).to_be_visible()
    shot(page, "back-to-draft")

    page.get_by_role("link", name="提交申报…").click()
    page.get_by_label(re.compile("本单位已告知")).check()
    page.get_by_role("button", name="确认提交").click()
    expect(page.locator("dl.facts:not(.row-detail) .tag")).to_have_text("已提交，待审核")
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert list(application.events.values_list("action", flat=True))[-3:] == ["submit", "withdraw", "submit"]


def test_a_re_upload_during_a_return_keeps_the_other_decisions(  # type: ignore[no-untyped-def]
    page: Page, live_server, world, login, shot, tmp_path
) -> None:
    application = _submitted(world, tmp_path / "r.xlsx", 5)
    reviewer = world["reviewer"]
    rows = list(application.rows.order_by("number"))
    review.decide_rows(
        by=reviewer,
        application=application,
        rows=[review.RowDecision(r.pk, r.version) for r in rows[:4]],
        decision="eligible",
    )
    review.decide_rows(
        by=reviewer,
        application=application,
        rows=[review.RowDecision(rows[4].pk, rows[4].version)],
        decision="ineligible",
        reason="社保非本单位缴纳",
    )
    application.refresh_from_db()
    review.return_application(
        by=reviewer,
        application=application,
        expected_version=application.version,
        reasons=[review.Reason("岗位请写实际岗位", row_number=3)],
        deadline=timezone.localdate() + timedelta(days=7),
    )

    # The applicant uploads a roster in which two persons changed.
    login(page, "rules-hr", factories.PASSWORD)
    page.goto(f"{live_server.url}/applications/{application.pk}/")
    code = world["applicant"].organisation.code
    changed = _roster(tmp_path / "改.xlsx", code, 5, row2={"岗位": "测试工程师"}, row4={"岗位": "实施顾问"})
    page.get_by_label("花名册文件").set_input_files(str(changed))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_text("3 人未修改，保留审核结论；2 人有修改")).to_be_visible()
    shot(page, "re-upload-kept-the-review")
    page.goto(f"{live_server.url}/applications/{application.pk}/")
    page.get_by_role("link", name="补正后重新提交…").click()
    page.get_by_label(re.compile("本单位已告知")).check()
    page.get_by_role("button", name="确认补正后重新提交").click()
    expect(page.locator("dl.facts:not(.row-detail) .tag")).to_have_text("已提交，待审核")
    page.get_by_role("button", name="退出").click()

    # The reviewer finds three decisions kept and two rows marked as changed since the decision.
    login(page, "rules-reviewer", factories.PASSWORD)
    page.goto(f"{live_server.url}/review/{application.pk}/")
    expect(page.get_by_text("您审核后已修改")).to_have_count(2)
    expect(page.locator("tbody .tag.ok")).to_have_count(2)
    expect(page.locator("tbody .tag.err")).to_have_count(1)
    expect(page.get_by_text("社保非本单位缴纳").first).to_be_visible()
    expect(page.locator(".refused").first).to_contain_text("还有 2 人未作审核结论")
    shot(page, "reviewer-sees-kept-decisions")
    kept = {row.name: row.decision for row in application.rows.all()}
    assert kept == {
        "员工1": "eligible",
        "员工2": "undecided",
        "员工3": "eligible",
        "员工4": "undecided",
        "员工5": "ineligible",
    }


def _reported(world, persons: int = 3) -> Application:  # type: ignore[no-untyped-def]
    """An application the authority reported, every person decided eligible (built in the database)."""
    organisation = world["applicant"].organisation
    application = Application.objects.create(
        call=world["call"],
        organisation=organisation,
        kind="employees",
        authority=organisation.authority,
        reference="SB-RULES-1",
        status=Status.REPORTED,
        persons=persons,
        paper_volumes_declared=1,
        paper_volumes_received=1,
        materials_complete=True,
        submitted_at=timezone.now(),
    )
    for number in range(2, persons + 2):
        RosterRow.objects.create(
            application=application,
            number=number,
            name=f"员工{number}",
            values={"姓名": f"员工{number}", "证件类型": "身份证"},
            **factories.protected_id(rosters.valid_id(number)),
            decision="eligible",
        )
    return application


def test_the_publicity_waits_for_the_decision_and_a_payment_stays_within_the_approved_amount(  # type: ignore[no-untyped-def]
    page: Page, live_server, world, login, shot
) -> None:
    application = _reported(world)
    today = timezone.localdate()
    Call.objects.filter(pk=world["call"].pk).update(closes_on=today - timedelta(days=1))
    login(page, world["admin"].username, factories.PASSWORD)

    # 公示 refused while a reported application is undecided: the reason where the button would be.
    page.goto(f"{live_server.url}/calls/manage/")
    expect(page.get_by_text("暂不能公示：还有 1 项已上报市级的申报未审定")).to_be_visible()
    expect(page.get_by_role("link", name="公示审定名单…")).to_have_count(0)
    shot(page, "publicity-refused")
    page.goto(f"{live_server.url}/review/city/calls/{world['call'].pk}/publish/")
    expect(page.get_by_text("还有 1 项已上报市级的申报未审定")).to_be_visible()
    expect(page.get_by_role("button", name="确认公示")).to_have_count(0)

    # The city approves (confirmed), then publishes with a period and a contact.
    page.goto(f"{live_server.url}/review/{application.pk}/")
    expect(page.get_by_text("本批次审定名单尚未公示")).to_have_count(0)
    page.get_by_role("link", name=re.compile("审定（按符合人数")).click()
    expect(page.locator(".confirm")).to_contain_text("13,500.00 元")
    page.get_by_role("button", name="确认审定").click()
    expect(page.get_by_text("本批次审定名单尚未公示，公示后才能记录拨付。")).to_be_visible()
    page.goto(f"{live_server.url}/calls/manage/")
    page.get_by_role("link", name="公示审定名单…").click()
    page.get_by_label("公示期开始日期").fill(today.isoformat())
    page.get_by_label("公示期结束日期").fill((today + timedelta(days=6)).isoformat())
    page.get_by_label("异议受理联系方式").fill("市商务委服务贸易处 021-23110000")
    page.get_by_role("button", name="确认公示").click()
    expect(page.locator(".msg-success")).to_contain_text("已公示")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_text("审定名单正在公示")).to_be_visible()
    expect(page.get_by_text("市商务委服务贸易处 021-23110000")).to_be_visible()

    # A payment over the approved amount is refused on its confirmation page; the right one is recorded.
    page.goto(f"{live_server.url}/review/{application.pk}/")
    page.get_by_role("link", name="记录拨付…").click()
    page.get_by_label("拨付金额（元）").fill("13500.01")
    page.get_by_label("拨付凭证号").fill("沪商拨〔2026〕9号")
    page.get_by_role("button", name="确认记录拨付").click()
    expect(page.get_by_text("超过审定金额 13,500.00 元")).to_be_visible()
    shot(page, "payment-over-refused")
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    page.get_by_label("拨付金额（元）").fill("13500.00")
    page.get_by_role("button", name="确认记录拨付").click()
    expect(page.locator("dl.facts:not(.row-detail)")).to_contain_text("13,500.00 元（")
    application.refresh_from_db()
    assert application.status == Status.PAID and application.payment.amount == Decimal("13500.00")
    page.get_by_role("button", name="退出").click()

    # The applicant's page: each person's result, the amounts approved and paid.
    login(page, "rules-hr", factories.PASSWORD)
    page.goto(f"{live_server.url}/applications/{application.pk}/")
    results = page.locator("#results-h").locator("..")
    expect(results).to_contain_text("13,500.00 元（每人 4,500.00 元）")
    expect(results).to_contain_text("沪商拨〔2026〕9号")
    expect(results.locator("tbody tr")).to_have_count(3)
    expect(results.locator("tbody")).to_contain_text("员工2")
    expect(page.locator("dl.facts:not(.row-detail) .tag")).to_have_text("已拨付")
    shot(page, "applicant-after-payment")
