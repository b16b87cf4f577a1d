"""In a real Chromium: public pages in Chinese, a reviewer's sign-in and home, scope and keyboard use."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.conftest import no_horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory_loaded(transactional_db) -> None:  # type: ignore[no-untyped-def]
    from shenbao.directory.services import load_directory

    load_directory()


def test_public_home_renders_in_chinese(page: Page, live_server, directory_loaded, shot) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("link", name="上海市服务外包培训支持申报")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="主管部门名录")
    ).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="登录")).to_be_visible()
    shot(page, "home")
    assert no_horizontal_overflow(page)


def test_directory_lists_the_authorities_in_chinese(page: Page, live_server, directory_loaded, shot) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/directory/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("主管部门")
    table = page.get_by_role("table").first
    expect(table.get_by_role("cell", name="浦东", exact=True)).to_be_visible()
    expect(table.get_by_role("cell", name="外经贸处", exact=True).first).to_be_visible()
    expect(table.get_by_role("columnheader", name="联系电话")).to_be_visible()
    shot(page, "directory")
    assert no_horizontal_overflow(page)


def test_reviewer_signs_in_and_sees_their_authority_home(
    page: Page, live_server, directory_loaded, login, shot
) -> None:  # type: ignore[no-untyped-def]
    factories.make_reviewer(5, "reviewer05")
    page.goto(live_server.url + "/accounts/login/")
    shot(page, "login")
    login(page, "reviewer05", factories.PASSWORD)
    expect(page).to_have_url(live_server.url + "/accounts/home/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("浦东")
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    shot(page, "home")
    assert no_horizontal_overflow(page)


def test_wrong_password_shows_the_error_summary(
    page: Page, live_server, directory_loaded, login, shot
) -> None:  # type: ignore[no-untyped-def]
    factories.make_reviewer(5, "reviewer05")
    login(page, "reviewer05", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("存在以下问题")
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page).to_have_url(live_server.url + "/accounts/login/")
    shot(page, "error")


def test_reviewer_gets_404_for_an_organisation_of_another_authority(
    page: Page, live_server, directory_loaded, login, shot
) -> None:  # type: ignore[no-untyped-def]
    factories.make_reviewer(5, "reviewer05")
    own = factories.make_organisation(number=5, name="上海浦东本区有限公司")
    other = factories.make_organisation(number=16, name="上海黄浦他区有限公司")
    for organisation in (own, other):
        organisation.licence.save("licence.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    login(page, "reviewer05", factories.PASSWORD)
    # The own authority's licence downloads (through the signed-in context, not a page: it is a file).
    assert page.request.get(f"{live_server.url}/organisations/{own.pk}/licence/").status == 200
    response = page.goto(f"{live_server.url}/organisations/{other.pk}/licence/")
    assert response is not None and response.status == 404
    shot(page, "other-authority-404")
    assert "上海黄浦他区有限公司" not in page.content()


def test_keyboard_reaches_the_skip_link_and_the_main_navigation(
    page: Page, live_server, directory_loaded, shot
) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="跳到正文")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0  # shown on screen once focused
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"  # visible focus
    shot(page, "skip-link-focused")
    page.keyboard.press("Enter")
    # The fragment lands in the URL a moment after the key press: wait for it rather than read it once.
    expect(page).to_have_url(live_server.url + "/#main")
    page.goto(live_server.url + "/")
    nav = page.get_by_role("navigation", name="主导航")
    for _ in range(12):
        page.keyboard.press("Tab")
        if nav.evaluate("el => el.contains(document.activeElement)"):
            break
    else:
        pytest.fail("Tab never reached the main navigation")
    shot(page, "nav-focused")


@pytest.mark.parametrize("width", [1366, 1024])
def test_the_city_admins_header_stays_tidy(  # type: ignore[no-untyped-def]
    page: Page, live_server, directory_loaded, login, shot, width: int
) -> None:
    admin = factories.make_city_admin()
    page.set_viewport_size({"width": width, "height": 768})
    login(page, admin.username, factories.PASSWORD)
    nav = page.get_by_role("navigation", name="主导航")
    expect(nav).to_be_visible()
    shot(page, f"city-admin-header-{width}")
    assert no_horizontal_overflow(page)
    links = nav.get_by_role("link").all()
    tops = {round(link.bounding_box()["y"]) for link in links}  # type: ignore[index]
    if width >= 1366:
        assert len(tops) == 1, tops  # every link on one line
    brand = page.get_by_role("link", name="上海市服务外包培训支持申报").bounding_box()
    assert brand is not None and all(top >= brand["y"] - 4 for top in tops)
