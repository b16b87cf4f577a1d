"""Every form with errors opens with the GOV.UK error summary, whose links lead to fields on the page."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


class _Page(HTMLParser):
    """The ids on a page, and the summary: its attributes, heading and the links inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.summaries: list[dict[str, str | None]] = []
        self.links: list[str] = []
        self.heading = ""
        self._depth = 0  # >0 while inside the summary
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if self._depth:
            self._depth += tag not in {"br", "input", "img"}
            if tag == "a":
                self.links.append(str(found.get("href")))
            self._in_heading = self._in_heading or tag == "h2"
        elif "error-summary" in (found.get("class") or "").split():
            self.summaries.append(found)
            self._depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1
            self._in_heading = self._in_heading and tag != "h2"

    def handle_data(self, data: str) -> None:
        if self._in_heading:
            self.heading += data.strip()


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _assert_summary_links_to_fields(html: str, fields: set[str]) -> None:
    page = _parse(html)
    assert len(page.summaries) == 1, page.summaries
    summary = page.summaries[0]
    assert (summary.get("role"), summary.get("tabindex")) == ("alert", "-1")
    assert page.heading == "存在以下问题"
    targets = {link.removeprefix("#") for link in page.links}
    assert fields <= targets, (fields, targets)
    missing = targets - page.ids
    assert not missing, f"the summary links to ids that are not on the page: {missing}"


def test_registration_with_nothing_filled_in_links_each_field_including_choices_and_the_file() -> None:
    response = Client().post("/register/", {"name": ""})
    assert response.status_code == 200
    # A radio group links to its first option; the select and the file picker to themselves.
    _assert_summary_links_to_fields(response.content.decode(), {"id_kind_0", "id_authority", "id_licence"})


def test_a_date_in_an_unknown_form_is_linked_from_the_summary(client: Client, security_auditor) -> None:  # type: ignore[no-untyped-def]
    client.force_login(security_auditor)
    response = client.get("/audit/", {"date_from": "5/1/2026"})
    html = response.content.decode()
    _assert_summary_links_to_fields(html, {"id_date_from"})
    assert "输入一个有效的日期。" in html


def test_a_call_with_its_dates_missing_links_every_date_field(client: Client, city_admin) -> None:  # type: ignore[no-untyped-def]
    client.force_login(city_admin)
    response = client.post("/calls/manage/new/", {"year": "2031"})
    _assert_summary_links_to_fields(
        response.content.decode(), {"id_opens_on", "id_closes_on", "id_hired_from", "id_hired_to"}
    )


def test_a_wrong_password_is_summarised_without_a_link_and_the_fields_say_nothing(db) -> None:  # type: ignore[no-untyped-def]
    response = Client().post("/accounts/login/", {"username": "nobody", "password": "wrong-password"})
    page = _parse(response.content.decode())
    assert len(page.summaries) == 1 and page.heading == "存在以下问题"
    assert page.links == []  # a problem of the whole form names no field


def test_each_field_error_is_announced_with_its_field() -> None:
    html = Client().post("/register/", {"name": ""}).content.decode()
    # The input points at its error text, which is hidden-prefixed for screen readers.
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert (
        '<div id="id_name_error"><p class="field-error"><span class="visually-hidden">错误：</span>' in html
    )
    assert 'aria-invalid="true"' in html


def test_a_form_without_errors_has_no_summary() -> None:
    assert "error-summary" not in Client().get("/register/").content.decode()
