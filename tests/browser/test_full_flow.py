"""The whole flow in a real browser, step by step with screenshots (issue 8).

Register → confirm → sign in → template → upload with errors → problem cells → fix online →
corrected upload → submit → return with a row-pinned reason → correct and resubmit → decide rows,
record paper volumes, accept → 附件2 reported → the city approves → the amount appears. Tasks run
inline here (ImmediateBackend); the real worker has its own test (test_upload_progress.py).
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from shenbao.accounts.demo import demo_credit_code
from shenbao.applications.models import Application
from shenbao.domain.roster_columns import RosterKind
from shenbao.organisations.models import Organisation
from tests import factories, rosters
from tests.browser.conftest import no_horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LICENCE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def directory_loaded(transactional_db) -> None:  # type: ignore[no-untyped-def]
    from shenbao.directory.services import load_directory

    load_directory()


def _register(page: Page, live_server, licence: Path, *, code: str, name: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/register/")
    page.get_by_label("服务外包企业").check()
    page.get_by_label("单位全称").fill(name)
    page.get_by_label("统一社会信用代码或组织机构代码").fill(code)
    page.get_by_label("所属区（示范区）主管部门").select_option(label="浦东（外经贸处）")
    page.get_by_label("单位联系人").fill("王经理")
    page.get_by_label("联系人电话").fill("021-55550000")
    page.get_by_label("联系人电子邮箱").fill("hr@example.com")
    page.get_by_label("营业执照（办学许可证）扫描件").set_input_files(str(licence))
    page.get_by_label("登录名").fill(username)
    page.get_by_label("账号使用人姓名").fill("王小二")
    page.get_by_label("账号使用人电子邮箱").fill("hr@example.com")
    page.get_by_label("账号使用人电话").fill("13800000000")
    page.locator("#id_password1").fill(factories.PASSWORD)
    page.get_by_label("再次输入密码").fill(factories.PASSWORD)
    page.get_by_role("button", name="注册").click()
    expect(page).to_have_url(live_server.url + "/accounts/home/")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def test_an_enterprise_registers_and_its_authority_reviewer_sees_it_waiting(  # type: ignore[no-untyped-def]
    page: Page, live_server, directory_loaded, login, shot, tmp_path
) -> None:
    licence = tmp_path / "营业执照.pdf"
    licence.write_bytes(LICENCE)
    code = demo_credit_code("MA1FL7W2")
    page.goto(live_server.url + "/register/")
    page.get_by_label("服务外包企业").check()
    page.get_by_label("单位全称").fill("上海流程测试软件有限公司")
    page.get_by_label("统一社会信用代码或组织机构代码").fill(code)
    page.get_by_label("所属区（示范区）主管部门").select_option(label="浦东（外经贸处）")
    page.get_by_label("单位联系人").fill("王经理")
    page.get_by_label("联系人电话").fill("021-55550000")
    page.get_by_label("联系人电子邮箱").fill("hr@example.com")
    page.get_by_label("营业执照（办学许可证）扫描件").set_input_files(str(licence))
    page.get_by_label("登录名").fill("flow-hr")
    page.get_by_label("账号使用人姓名").fill("王小二")
    page.get_by_label("账号使用人电子邮箱").fill("hr@example.com")
    page.get_by_label("账号使用人电话").fill("13800000000")
    page.locator("#id_password1").fill(factories.PASSWORD)
    page.get_by_label("再次输入密码").fill(factories.PASSWORD)
    shot(page, "register-filled")
    page.get_by_role("button", name="注册").click()
    expect(page).to_have_url(live_server.url + "/accounts/home/")
    expect(page.get_by_role("heading", level=1)).to_have_text("上海流程测试软件有限公司")
    shot(page, "applicant-home")
    assert no_horizontal_overflow(page)
    organisation = Organisation.objects.get(code=code)
    assert organisation.authority.number == 5

    page.get_by_role("button", name="退出").click()
    factories.make_reviewer(5, "reviewer05")
    login(page, "reviewer05", factories.PASSWORD)
    shot(page, "reviewer-home")
    page.goto(live_server.url + "/organisations/")
    expect(page.get_by_text("上海流程测试软件有限公司")).to_be_visible()
    shot(page, "reviewer-pending-organisations")


def _roster_file(path: Path, code: str, hired: str, **by_row: dict[str, str]) -> Path:
    rows = [rosters.employee(n, payer_code=code, hired=hired, **by_row.get(f"row{n}", {})) for n in (1, 2, 3)]
    return rosters.write_roster(path, RosterKind.EMPLOYEES, rows)


def test_the_whole_flow_from_registration_to_the_approved_amount(  # type: ignore[no-untyped-def]
    page: Page, live_server, directory_loaded, login, shot, tmp_path, settings
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    today = timezone.localdate()
    call = factories.make_open_call()
    factories.make_reviewer(5, "reviewer05")
    admin = factories.make_city_admin()
    licence = tmp_path / "营业执照.pdf"
    licence.write_bytes(LICENCE)
    code = demo_credit_code("MA1FL7W3")
    name = "上海全流程软件有限公司"

    # 1. The enterprise registers; its authority's reviewer confirms it.
    _register(page, live_server, licence, code=code, name=name, username="flow-hr2")
    shot(page, "registered")
    page.get_by_role("button", name="退出").click()
    login(page, "reviewer05", factories.PASSWORD)
    page.goto(live_server.url + "/organisations/")
    page.get_by_role("row", name=name).get_by_role("button", name="确认", exact=True).click()
    expect(page.get_by_role("row", name=name)).to_contain_text("已确认")
    shot(page, "reviewer-confirmed-organisation")
    page.get_by_role("button", name="退出").click()

    # 2. The applicant signs in, creates the application and downloads the blank template.
    login(page, "flow-hr2", factories.PASSWORD)
    page.goto(live_server.url + "/applications/")
    page.get_by_role("button", name=re.compile("创建.*申报")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("申报 SB")
    application = Application.objects.get(organisation__code=code)
    shot(page, "application-created")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载空白模板").first.click()
    assert download.value.suggested_filename.endswith(".xlsx")

    # 3. A roster with two wrong ID numbers: the problem cells are shown.
    hired = (today - timedelta(days=60)).isoformat()
    bad_id = rosters.valid_id(2)[:-1] + ("0" if rosters.valid_id(2)[-1] != "0" else "1")
    other_bad = rosters.valid_id(3)[:-1] + ("0" if rosters.valid_id(3)[-1] != "0" else "1")
    with_errors = _roster_file(
        tmp_path / "有错误的花名册.xlsx", code, hired, row2={"证件号码": bad_id}, row3={"证件号码": other_bad}
    )
    page.get_by_label("花名册文件").set_input_files(str(with_errors))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("花名册检查结果")
    expect(page.locator("td .tag.err").first).to_be_visible()
    expect(page.get_by_text("校验位").first).to_be_visible()
    zh_hired = f"{today.year}年" if hired.startswith(str(today.year)) else hired[:4] + "年"
    expect(page.locator("tbody")).to_contain_text(zh_hired)  # dates in the Chinese form
    shot(page, "roster-problem-cells")
    assert no_horizontal_overflow(page) or page.locator(".table-wrap").count() > 0

    # 4. One row fixed online in the row editor.
    row = page.locator("tr", has=page.get_by_role("link", name="修改")).first
    row.get_by_role("link", name="修改").click()
    editor = page.get_by_label("证件号码", exact=True)
    expect(editor).to_be_visible()
    shot(page, "row-editor")
    editor.fill(rosters.valid_id(2))
    page.get_by_role("button", name="保存并重新检查").click()
    expect(page.get_by_text("已重新检查，没有问题")).to_be_visible()
    shot(page, "row-fixed-online")

    # 5. A corrected file replaces the roster.
    corrected = _roster_file(tmp_path / "修改后的花名册.xlsx", code, hired)
    page.get_by_label("花名册文件").set_input_files(str(corrected))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_text("花名册检查通过")).to_be_visible()
    shot(page, "roster-passed")

    # 6. Paper volumes, the declaration, submit.
    page.goto(f"{live_server.url}/applications/{application.pk}/")
    page.get_by_label("纸质材料册数（本）").fill("2")
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_role("link", name="提交申报…").click()
    # The confirmation page: how many persons, how much at most, what can no longer be undone.
    expect(page.get_by_role("heading", level=1)).to_contain_text("确认提交申报")
    expect(page.locator(".confirm")).to_contain_text("3 人")
    expect(page.locator(".confirm")).to_contain_text("13,500.00 元")
    page.get_by_label(re.compile("本单位已告知")).check()
    shot(page, "before-submit")
    page.get_by_role("button", name="确认提交").click()
    expect(page.locator(".tag").first).to_contain_text("已提交")
    shot(page, "submitted")
    page.get_by_role("button", name="退出").click()

    # 7. The reviewer returns it with a reason pinned to a row and a deadline.
    login(page, "reviewer05", factories.PASSWORD)
    page.goto(f"{live_server.url}/review/{application.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    page.get_by_label("按行退回原因").fill("3：岗位请填写实际岗位名称")
    page.get_by_label("补正截止日期").fill((today + timedelta(days=10)).isoformat())
    shot(page, "reviewer-return-form")
    page.get_by_role("button", name="退回补正…").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("确认退回补正")
    page.get_by_role("button", name="确认退回补正").click()
    expect(page.locator("dl.facts:not(.row-detail)")).to_contain_text("退回补正")
    shot(page, "returned")
    page.get_by_role("button", name="退出").click()

    # 8. The applicant sees the pinned reason, corrects the row and resubmits.
    login(page, "flow-hr2", factories.PASSWORD)
    page.goto(f"{live_server.url}/applications/{application.pk}/")
    expect(page.get_by_role("heading", name="退回补正原因")).to_be_visible()
    expect(page.get_by_role("link", name="花名册第 3 行")).to_be_visible()
    shot(page, "applicant-sees-return")
    with page.expect_navigation():  # loaded, so htmx has set up the row's 修改 link (else a full-page editor)
        page.get_by_role("link", name="花名册第 3 行").click()
    row3 = page.locator("#row-3")
    row3.get_by_role("link", name="修改").click()
    page.get_by_label("岗位", exact=True).fill("软件测试工程师")
    page.get_by_role("button", name="保存并重新检查").click()
    expect(page.locator("#row-3")).to_contain_text("软件测试工程师")
    page.goto(f"{live_server.url}/applications/{application.pk}/")
    page.get_by_role("link", name="补正后重新提交…").click()
    page.get_by_label(re.compile("本单位已告知")).check()
    page.get_by_role("button", name="确认补正后重新提交").click()
    expect(page.locator(".tag").first).to_contain_text("已提交")
    shot(page, "resubmitted")
    page.get_by_role("button", name="退出").click()

    # 9. The reviewer decides every row, records the paper volumes and accepts.
    login(page, "reviewer05", factories.PASSWORD)
    page.goto(f"{live_server.url}/review/{application.pk}/")
    expect(page.get_by_text("与上次提交相比的变化")).to_be_visible()
    expect(page.get_by_text("软件测试工程师")).to_be_visible()
    # Everyone without a finding at once, through the confirmation that states the count (issue 13).
    page.get_by_role("button", name="将「全部人员」中没有任何问题的 3 人认定为符合…").click()
    page.get_by_role("button", name="确认将 3 人认定为“符合”").click()
    expect(page.locator("tbody .tag.ok")).to_have_count(3)
    page.get_by_label("实收纸质材料册数（本）").fill("2")
    page.get_by_label("是", exact=True).check()
    page.get_by_label("备注（列入汇总表）").fill("材料齐全")
    page.get_by_role("button", name="保存登记").click()
    expect(page.locator("dl.facts:not(.row-detail)")).to_contain_text("实收 2")
    shot(page, "reviewer-decided")
    # The enterprise has no business figures: the page says so, and accepting needs a reason.
    expect(page.locator(".findings")).to_contain_text("没有 2015 年业务数据")
    page.get_by_role("link", name="审核通过…").click()
    page.get_by_label(re.compile("仍予通过的理由")).fill("企业统计数据待导入，已核实列入标准")
    shot(page, "accept-confirmation")
    page.get_by_role("button", name="确认审核通过").click()
    expect(page.locator("dl.facts:not(.row-detail)")).to_contain_text("审核通过")

    # 10. The 附件2 summary, on screen and as a PDF, reported to the city.
    page.goto(live_server.url + "/review/summary/")
    expect(page.get_by_role("cell", name=name)).to_be_visible()
    pdf = page.request.get(live_server.url + page.get_by_role("link", name="打印 PDF").get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    shot(page, "summary")
    page.get_by_role("button", name="上报市级…").click()
    expect(page.locator(".confirm")).to_contain_text("3 人")
    page.get_by_role("button", name="确认上报市级").click()
    expect(page.get_by_text("已上报市级")).to_be_visible()
    shot(page, "summary-reported")
    page.get_by_role("button", name="退出").click()

    # 11. The city admin approves: the amount appears on the application and in the city totals.
    login(page, admin.username, factories.PASSWORD)
    page.goto(f"{live_server.url}/review/{application.pk}/")
    page.get_by_role("link", name=re.compile("审定（按符合人数")).click()
    expect(page.locator(".confirm")).to_contain_text("13,500.00 元")
    page.get_by_label(re.compile("仍予通过的理由")).fill("统计数据待导入")
    page.get_by_role("button", name="确认审定").click()
    amount = 3 * call.standard_employees
    expect(page.locator("dl.facts:not(.row-detail)")).to_contain_text(f"3 人 / {amount:,.2f} 元")
    shot(page, "approved")
    page.goto(live_server.url + "/review/city/")
    expect(page.get_by_role("row", name=re.compile("浦东")).first).to_contain_text(f"{amount:,.2f} 元")
    shot(page, "city-totals")

    # 12. A reviewer of another authority trying this application's address gets the 404 page.
    page.get_by_role("button", name="退出").click()
    factories.make_reviewer(16, "reviewer16")
    login(page, "reviewer16", factories.PASSWORD)
    response = page.goto(f"{live_server.url}/review/{application.pk}/")
    assert response is not None and response.status == 404
    assert name not in page.content()
    shot(page, "other-authority-404")


def test_the_public_catalog_text_and_self_check(page: Page, live_server, directory_loaded, shot) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/catalog/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shot(page, "catalog-text")
    assert no_horizontal_overflow(page)
    page.goto(live_server.url + "/catalog/self-check/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shot(page, "self-check")
    assert no_horizontal_overflow(page)
