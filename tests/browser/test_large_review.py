"""A 5,000-person roster reviewed in a real browser, by filter and by keyboard (issue 13's "done when").

The roster is generated and stored as an upload stores it (bulk.insert_rows), then submitted through
the service. The reviewer decides everyone without findings through the filter and its confirmation
page, then the persons with findings one by one by keyboard: j to the next person, 1 for 符合, or 2
and a reason for 不符合. At the end every person is decided. Screenshots at 1366×900 are looked at.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from playwright.sync_api import Page, expect

from shenbao.applications import services
from shenbao.applications.bulk import insert_rows
from shenbao.applications.models import Application, RosterRow
from shenbao.applications.rows import NewRow
from shenbao.demo_rosters import demo_id, demo_rows
from shenbao.domain.eligibility import FindingCode, make_finding
from shenbao.domain.person_review import row_digest
from shenbao.domain.roster_columns import RosterKind
from tests import factories
from tests.browser.conftest import SCREENSHOTS, no_horizontal_overflow
from tests.browser.test_accessibility import ZOOM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSONS = 5000
# Rows with an eligibility finding: hired before the call's window, or insurance not paid by the enterprise.
EARLY = range(7, PERSONS + 2, 100)  # 50 persons
NOT_OWN = range(63, PERSONS + 2, 250)  # 20 persons
WITH_FINDINGS = sorted({*EARLY, *NOT_OWN})
INELIGIBLE_EVERY = 5  # every fifth person with a finding is found 不符合 (with a reason)


def _new_row(number: int, values: dict[str, str], call: Any) -> NewRow:
    findings = []
    if number in EARLY:
        values["入职日期"] = (call.hired_from - timedelta(days=40)).isoformat()
        findings.append(
            make_finding(
                FindingCode.HIRED_BEFORE_WINDOW,
                "入职日期",
                hired_on=values["入职日期"],
                from_on=call.hired_from.isoformat(),
            )
        )
    if number in NOT_OWN:
        values["是否本单位帐户缴纳社保"] = "否"
        findings.append(make_finding(FindingCode.INSURANCE_NOT_OWN_ACCOUNT, "是否本单位帐户缴纳社保"))
    id_number = values.pop("证件号码")
    return NewRow(
        number=number,
        values=values,
        name=values["姓名"],
        tenure_days=None,
        problems=[],
        findings=[f.as_dict() | {"params": dict(f.params)} for f in findings],
        has_errors=False,
        digest=row_digest(values),
        **factories.protected_id(id_number),
    )


def _submitted_roster(enterprise: Any, call: Any) -> Application:
    """A submitted application of 5,000 persons, 70 of them with a finding."""
    applicant = factories.make_applicant(enterprise, "large-hr")
    application = services.create_application(by=applicant, call=call)
    rows = demo_rows(
        RosterKind.EMPLOYEES,
        range(1, PERSONS + 1),
        payer=enterprise.name,
        payer_code=enterprise.org_code,
        hired=call.hired_from,
    )
    with transaction.atomic():
        insert_rows(application.pk, [_new_row(n + 1, row, call) for n, row in enumerate(rows, start=1)])
    services.update_counts(application)
    services.update_details(by=applicant, application=application, paper_volumes=3, remarks="")
    application.refresh_from_db()
    assert len({demo_id(s, s % 3 != 0) for s in range(1, PERSONS + 1)}) == PERSONS  # distinct persons
    return services.submit_application(
        by=applicant, application=application, expected_version=application.version, declaration=True
    )


def _progress(page: Page) -> str:
    return page.locator("#review-progress .progress-line").inner_text()


def _layout(page: Page) -> dict[str, float]:
    """Where the sticky review bar and the table's header are once the page has scrolled into the roster."""
    return page.evaluate(
        """() => {
          const bar = document.getElementById('review-progress').getBoundingClientRect();
          const head = document.querySelector('table.roster-table thead th').getBoundingClientRect();
          const table = document.querySelector('table.roster-table').getBoundingClientRect();
          return {barTop: bar.top, barBottom: bar.bottom, headTop: head.top, tableRight: table.right,
                  width: window.innerWidth, scrollY: window.scrollY};
        }"""
    )


def _decide_by_keyboard(page: Page, number: int, index: int) -> str:
    """j to the next person, then 1 (符合) or 2 + a reason + Enter (不符合); returns the decision made."""
    page.keyboard.press("j")
    focused = page.locator("tr.person:focus")
    expect(focused.locator("td.num")).to_have_text(str(number))
    row_id = focused.get_attribute("id")
    if index % INELIGIBLE_EVERY:
        page.keyboard.press("1")
        expect(page.locator(f"#{row_id} td").nth(4).locator(".tag").first).to_have_text("符合")
        return "eligible"
    page.keyboard.press("2")  # the reason box opens, focused
    reason = page.locator(f"#{row_id} input[name=reason]")
    expect(reason).to_be_focused()
    reason.fill("入职日期早于计入范围，经核实不予计入")
    page.keyboard.press("Enter")
    expect(page.locator(f"#{row_id} td").nth(4).locator(".tag").first).to_have_text("不符合")
    return "ineligible"


def test_a_5000_person_roster_is_reviewed_by_filter_and_keyboard(  # type: ignore[no-untyped-def]
    page: Page, browser, browser_context_args, live_server, enterprise, call, login, shot
) -> None:
    factories.listed(enterprise)
    application = _submitted_roster(enterprise, call)
    factories.make_reviewer(5, "reviewer-large")
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "reviewer-large", factories.PASSWORD)
    roster = f"{live_server.url}/review/{application.pk}/"

    # 1. The page opens with the summary by kind, the progress line and the first 50 persons.
    page.goto(roster)
    kinds = page.locator("nav.kinds")
    expect(kinds).to_contain_text("入职早于申报期 50 人")
    expect(kinds).to_contain_text("未在本单位缴纳社保 20 人")
    assert _progress(page) == "已审 0 / 5,000，其中不符合 0"
    expect(page.locator("tr.person")).to_have_count(50)
    assert no_horizontal_overflow(page)
    shot(page, "roster-opened")
    # Scrolled into the roster, the review bar stays at the top of the window, the header under it.
    page.locator("tr.person").nth(30).scroll_into_view_if_needed()
    page.mouse.wheel(0, 400)
    layout = _layout(page)
    assert layout["scrollY"] > 300, layout
    assert abs(layout["barTop"]) <= 1, layout
    assert abs(layout["headTop"] - layout["barBottom"]) <= 2, layout
    assert layout["tableRight"] <= layout["width"], layout
    page.screenshot(path=str(SCREENSHOTS / "large-review-scrolled-viewport.png"))  # the window, not the page

    # 2. A kind in the summary links to its persons.
    kinds.get_by_role("link", name=re.compile("未在本单位缴纳社保")).click()
    expect(page.locator("tr.person")).to_have_count(20)
    assert "kind=insurance_not_own_account" in page.url

    # 3. Everyone without a finding: filter 待审核, the bulk button, its confirmation page states the count.
    page.goto(roster)
    page.get_by_label("显示").select_option("undecided")
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"[?&]show=undecided"))  # waits for the navigation the click starts
    clean = PERSONS - len(WITH_FINDINGS)
    page.get_by_role("button", name=f"将「待审核」中没有任何问题的 {clean:,} 人认定为符合…").click()
    expect(page.locator("main")).to_contain_text(f"{clean:,} 人")
    shot(page, "bulk-confirmation")
    assert not application.rows.exclude(decision=RosterRow.Decision.UNDECIDED).exists()
    page.get_by_role("button", name=f"确认将 {clean:,} 人认定为“符合”").click()
    expect(page.locator(".messages")).to_contain_text(f"已记录 {clean:,} 人的审核结论。")
    assert "show=undecided" in page.url
    assert _progress(page) == f"已审 {clean:,} / 5,000，其中不符合 0"
    expect(page.locator("tr.person")).to_have_count(50)  # 70 persons with findings remain, 50 a page
    shot(page, "after-bulk")
    # Persons with findings were never decided in bulk.
    undecided = application.rows.filter(decision=RosterRow.Decision.UNDECIDED)
    assert sorted(undecided.values_list("number", flat=True)) == WITH_FINDINGS

    # 4. The rest by keyboard, the 50 of the first page and then the 20 of the second.
    page.goto(f"{roster}?show=findings&sort=number")
    made = {}
    first_page, second_page = WITH_FINDINGS[:50], WITH_FINDINGS[50:]
    # A 不符合 without a reason is refused, in Chinese, and the person stays undecided.
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    expect(page.locator("tr.person").first.locator("input[name=reason]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("tr.person").first.get_by_role("alert")).to_have_text("认定“不符合”时请填写原因。")
    shot(page, "reason-refused")
    page.keyboard.press("Escape")
    expect(page.locator("tr.person").first).to_be_focused()
    page.keyboard.press("k")  # k on the first person stays there
    expect(page.locator("tr.person").first).to_be_focused()
    page.locator("h1").click()  # focus leaves the table; j starts again at the first person
    for index, number in enumerate(first_page):
        made[number] = _decide_by_keyboard(page, number, index)
    expect(page.locator("#review-progress .progress-line")).to_contain_text(f"已审 {clean + 50:,} / 5,000")
    shot(page, "first-page-decided")
    page.keyboard.press("k")  # the person before, as the keyboard shows it
    expect(page.locator("tr.person:focus td.num")).to_have_text(str(first_page[-2]))
    page.screenshot(path=str(SCREENSHOTS / "large-review-keyboard-viewport.png"))
    page.get_by_role("navigation", name="分页").get_by_role("link", name="下一页").click()
    expect(page.locator("tr.person").first.locator("td.num")).to_have_text(str(second_page[0]))
    page.wait_for_load_state()  # site.js listens from here on
    for index, number in enumerate(second_page, start=50):
        made[number] = _decide_by_keyboard(page, number, index)

    # 5. Every person is decided; each 不符合 carries its reason.
    ineligible = sum(1 for d in made.values() if d == "ineligible")
    expect(page.locator("#review-progress .progress-line")).to_have_text(
        f"已审 5,000 / 5,000，其中不符合 {ineligible}"
    )
    expect(page.locator("#review-progress")).to_contain_text("全部已审核")
    assert not application.rows.filter(decision=RosterRow.Decision.UNDECIDED).exists()
    stored = dict(application.rows.filter(number__in=WITH_FINDINGS).values_list("number", "decision"))
    assert stored == made
    assert not application.rows.filter(decision=RosterRow.Decision.INELIGIBLE, decision_reason="").exists()
    page.goto(roster)
    shot(page, "all-decided")

    # 6. At 200 % zoom (1366×900 seen as 683×450) the roster still fits the window.
    zoomed = browser.new_context(
        **{**browser_context_args, **ZOOM}, storage_state=page.context.storage_state()
    )
    small = zoomed.new_page()
    small.goto(f"{roster}?show=findings&sort=number")
    assert no_horizontal_overflow(small)
    small.locator("table.roster-table").scroll_into_view_if_needed()
    small.screenshot(path=str(SCREENSHOTS / "large-review-zoom200-viewport.png"))
    zoomed.close()


# Every ancestor of the element that would scroll it sideways or clip it: none on these pages.
SCROLL_BOXES = """element => {
  const boxes = [];
  for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (style.overflowX !== 'visible' || style.overflowY !== 'visible') boxes.push(node.tagName + '.' + node.className);
  }
  return boxes;
}"""


def test_the_applicants_roster_fits_the_window_and_its_row_editor_is_on_the_page(  # type: ignore[no-untyped-def]
    page: Page, live_server, enterprise, call, login, shot, settings
) -> None:
    """附件3's thirteen columns: one line a person at 1366 px, no box of its own, the header sticks."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    from shenbao.demo_rosters import upload_rows

    applicant = factories.make_applicant(enterprise, "roster-hr")
    application = services.create_application(by=applicant, call=call)
    rows = demo_rows(
        RosterKind.EMPLOYEES,
        range(1, 121),
        payer=enterprise.name,
        payer_code=enterprise.org_code,
        hired=call.hired_from,
    )
    rows[1]["证件号码"] = rows[1]["证件号码"][:-1] + ("0" if rows[1]["证件号码"][-1] != "0" else "1")
    rows[3]["入职日期"] = "2099-13-45"
    upload_rows(applicant, application, rows)
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "roster-hr", factories.PASSWORD)
    page.goto(f"{live_server.url}/applications/{application.pk}/roster/?show=all")
    table = page.locator("table.applicant-roster")
    expect(table.locator("tbody tr")).to_have_count(100)
    expect(page.locator("#row-3 .tag.err")).to_be_visible()  # the wrong cell, named, without opening anything
    expect(page.locator("#row-3")).to_contain_text("「证件号码」")
    assert no_horizontal_overflow(page)
    assert table.evaluate(SCROLL_BOXES) == []
    shot(page, "applicant-roster")
    page.locator("#row-60").scroll_into_view_if_needed()
    head = page.evaluate(
        "document.querySelector('table.applicant-roster thead th').getBoundingClientRect().top"
    )
    assert abs(head) <= 1, head  # the header stuck at the top of the window
    page.screenshot(path=str(SCREENSHOTS / "applicant-roster-scrolled-viewport.png"))

    page.goto(f"{live_server.url}/applications/{application.pk}/roster/")  # only the rows with problems
    page.wait_for_load_state()
    page.locator("#row-3").get_by_role("link", name="修改").click()
    save = page.get_by_role("button", name="保存并重新检查")
    expect(save).to_be_visible()
    assert save.evaluate(SCROLL_BOXES) == []
    assert no_horizontal_overflow(page)
    shot(page, "applicant-row-editor")
