"""The dashboards in a real browser: charts drawn, data tables open, nothing overflows a laptop screen."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.conftest import no_horizontal_overflow
from tests.printing.builders import make_application, make_call

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def filed(transactional_db) -> None:  # type: ignore[no-untyped-def]
    from shenbao.directory.services import load_directory

    load_directory()
    call = make_call(2026)
    make_call(2025)
    for number, status, persons in [
        (5, "approved", 40),
        (5, "submitted", 12),
        (16, "returned", 8),
        (1, "paid", 25),
    ]:
        make_application(
            factories.make_organisation(number=number),
            call=call,
            status=status,
            persons=persons,
            eligible_persons=persons if status in {"approved", "paid"} else None,
            amount=Decimal(persons * 4500) if status in {"approved", "paid"} else None,
        )


def test_city_admin_sees_charts_with_their_numbers_as_tables(
    page: Page, live_server, filed, login, shot
) -> None:  # type: ignore[no-untyped-def]
    admin = factories.make_city_admin()
    login(page, admin.username, factories.PASSWORD)
    page.goto(live_server.url + "/dashboards/city/")
    expect(page.get_by_role("heading", name="全市申报统计（2026年度）")).to_be_visible()
    expect(page.get_by_role("img", name="各区申报人数")).to_be_visible()
    shot(page, "charts")
    assert no_horizontal_overflow(page)
    figure = page.locator("#chart-authority-persons")
    figure.get_by_text("查看数据表").click()
    expect(figure.get_by_role("row", name="合计").get_by_role("cell").first).to_have_text("4")
    shot(page, "table-open")


def test_reviewer_sees_only_their_queue(page: Page, live_server, filed, login, shot) -> None:  # type: ignore[no-untyped-def]
    factories.make_reviewer(5, "reviewer05")
    login(page, "reviewer05", factories.PASSWORD)
    page.goto(live_server.url + "/dashboards/reviewer/")
    expect(page.get_by_role("heading", name="待审核（1）")).to_be_visible()
    shot(page, "queue")
    assert no_horizontal_overflow(page)
