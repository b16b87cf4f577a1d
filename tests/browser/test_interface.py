"""The shared controls in a real Chromium: file picker, date field, error summary, progress, keyboard."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from shenbao.applications import services
from shenbao.domain.roster_columns import RosterKind
from tests import factories, rosters

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LICENCE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# How the tests name an element: a radio group is one stop of the Tab key (arrows move inside it).
KEY = """el => el.type === 'radio' ? 'radio:' + el.name
  : (el.id || el.getAttribute('href') || el.getAttribute('name') || el.textContent.trim())"""
# Everything the keyboard should reach on a page, as the mouse can: visible and not disabled.
FOCUSABLE = f"""() => [...document.querySelectorAll(
  'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])'
)].filter(el => !el.disabled && (el.getClientRects().length > 0 || el.matches('.file-picker input')))
  .map({KEY})"""

# What shows that an element has the focus: its own outline, or the file picker's button for its input.
FOCUS_SHOWN = """() => {
  const el = document.activeElement;
  const shown = el.matches('.file-picker input') ? el.parentElement.querySelector('.file-button') : el;
  const style = getComputedStyle(shown);
  return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
}"""


@pytest.fixture
def directory_loaded(transactional_db: None) -> None:
    from shenbao.directory.services import load_directory

    load_directory()


def test_the_file_picker_is_chinese_and_names_the_chosen_file_and_its_size(  # type: ignore[no-untyped-def]
    page: Page, live_server, directory_loaded, shot, tmp_path
) -> None:
    page.goto(live_server.url + "/register/")
    picker = page.locator(".file-picker")
    expect(picker.get_by_text("选择文件", exact=True)).to_be_visible()
    expect(picker.get_by_text("未选择文件")).to_be_visible()
    native = page.locator("#id_licence")
    box = native.bounding_box()
    assert (
        box is not None and box["width"] <= 1 and box["height"] <= 1
    )  # the browser's own (English) control is hidden
    shot(page, "before-choosing")
    licence = tmp_path / "营业执照.pdf"
    licence.write_bytes(LICENCE * 30)
    page.get_by_label("营业执照（办学许可证）扫描件").set_input_files(str(licence))
    size = f"{len(LICENCE) * 30 / 1024:.1f} KB"
    expect(picker.locator(".file-chosen")).to_have_text(f"营业执照.pdf（{size}）")
    shot(page, "file-chosen")
    # The keyboard reaches the hidden input, and the button shows the focus.
    page.locator("#id_contact_email").focus()
    page.keyboard.press("Tab")
    expect(native).to_be_focused()
    assert page.evaluate(FOCUS_SHOWN)
    shot(page, "file-picker-focused")


def test_without_javascript_the_browsers_file_input_is_there_and_labelled(  # type: ignore[no-untyped-def]
    browser: Browser, browser_context_args, live_server, directory_loaded
) -> None:
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/register/")
    native = page.get_by_label("营业执照（办学许可证）扫描件")
    expect(native).to_be_visible()
    box = native.bounding_box()
    assert box is not None and box["width"] > 50
    expect(page.locator(".file-button")).to_be_hidden()
    context.close()


def test_an_empty_form_opens_with_the_error_summary_whose_links_focus_each_field(  # type: ignore[no-untyped-def]
    page: Page, live_server, directory_loaded, shot
) -> None:
    page.goto(live_server.url + "/register/")
    page.get_by_label("单位全称").fill("上海某某")
    page.get_by_role("button", name="注册").click()  # the browser does not stop it: the server answers
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="存在以下问题")).to_be_visible()
    expect(summary).to_be_focused()
    shot(page, "summary")
    summary.get_by_role("link", name="单位类型：这个字段是必填项。").click()
    expect(page.locator("#id_kind_0")).to_be_focused()
    summary.get_by_role("link", name="所属区（示范区）主管部门：这个字段是必填项。").click()
    expect(page.locator("#id_authority")).to_be_focused()
    summary.get_by_role("link", name="营业执照（办学许可证）扫描件：这个字段是必填项。").click()
    expect(page.locator("#id_licence")).to_be_focused()
    assert page.evaluate(FOCUS_SHOWN)  # the picker's button shows it, the input itself being hidden
    shot(page, "summary-link-followed")


def test_a_date_is_typed_with_a_chinese_hint_never_in_the_browsers_date_control(  # type: ignore[no-untyped-def]
    page: Page, live_server, directory_loaded, login, shot
) -> None:
    auditor = factories.make_security_auditor()  # the audit log is the security auditor's alone
    login(page, auditor.username, factories.PASSWORD)
    page.goto(live_server.url + "/audit/")
    assert page.locator("input[type=date]").count() == 0
    start = page.get_by_label("开始日期")
    expect(start).to_have_attribute("type", "text")
    expect(page.get_by_text("格式：年-月-日（YYYY-MM-DD），如 2026-05-01").first).to_be_visible()
    start.fill("2026年5月1日")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_role("alert")).to_have_count(0)  # read as a date
    expect(page.get_by_label("开始日期")).to_have_value("2026年5月1日")
    page.get_by_label("开始日期").fill("5/1/2026")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_role("alert")).to_contain_text("开始日期：输入一个有效的日期。")
    shot(page, "date-error")


def test_the_roster_check_progress_bar_spans_the_page_and_says_where_it_is(  # type: ignore[no-untyped-def]
    page: Page, live_server, directory_loaded, login, shot, settings, tmp_path
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # stays queued
    user = factories.make_applicant(factories.make_organisation(number=5), "progress-bar-hr")
    application = services.create_application(by=user, call=factories.make_open_call())
    hired = (timezone.localdate() - timedelta(days=30)).isoformat()
    rows = [rosters.employee(n, payer_code=user.organisation.code, hired=hired) for n in (1, 2)]
    roster = rosters.write_roster(tmp_path / "花名册.xlsx", RosterKind.EMPLOYEES, rows)
    login(page, user.username, factories.PASSWORD)
    page.goto(f"{live_server.url}/applications/{application.pk}/")
    page.get_by_label("花名册文件").set_input_files(str(roster))
    page.get_by_role("button", name="上传并检查").click()
    bar = page.get_by_role("progressbar", name="检查进度")
    expect(bar).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("排队等待后台处理")  # text, not the bar alone
    width = bar.bounding_box()["width"]  # type: ignore[index]
    main = page.locator("main").bounding_box()["width"]  # type: ignore[index]
    assert width >= 600 and width >= 0.5 * main, (width, main)
    shot(page, "progress")


def test_the_keyboard_reaches_every_control_of_a_form_and_shows_where_it_is(  # type: ignore[no-untyped-def]
    page: Page, live_server, directory_loaded
) -> None:
    page.goto(live_server.url + "/register/")
    wanted: list[Any] = page.evaluate(FOCUSABLE)
    reached: list[Any] = []
    unshown = []
    for _ in range(len(wanted) + 5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            continue  # past the last control, before the browser wraps round
        current = page.evaluate(f"() => ({KEY})(document.activeElement)")
        reached.append(current)
        if not page.evaluate(FOCUS_SHOWN):
            unshown.append(current)
    assert set(wanted) <= set(reached), set(wanted) - set(reached)
    assert not unshown, f"focus not visible on {unshown}"
