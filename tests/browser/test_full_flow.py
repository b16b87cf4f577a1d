"""The whole flow in a real browser, step by step with screenshots (issue 8).

Started with the steps whose pages exist; the upload → check → submit → review → approve steps
follow as the application and review pages land.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from shenbao.accounts.demo import demo_credit_code
from shenbao.organisations.models import Organisation
from tests import factories
from tests.browser.conftest import no_horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LICENCE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def directory_loaded(transactional_db) -> None:  # type: ignore[no-untyped-def]
    from shenbao.directory.services import load_directory

    load_directory()


def test_an_enterprise_registers_and_its_district_reviewer_sees_it_waiting(  # type: ignore[no-untyped-def]
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
