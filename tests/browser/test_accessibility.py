"""Every page each persona reaches, on the demo data: axe-core, 200 % zoom and mouse-only controls.

Each persona (anonymous, enterprise, institution, reviewer, city admin) starts at its home page
and follows every link of the site it is shown, one page of each kind (…/applications/5/ and
…/applications/7/ are the same page). On each page: no serious or critical axe-core violation
(WCAG 2.1 A/AA), no control that only a mouse can use, and at 1366×900 with the browser zoomed
to 200 % no sideways scrolling of the page (wide tables scroll in their own box). Screenshots of
both go to test-artifacts/screenshots/. The pages checked are listed at the end of the run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test.utils import override_settings
from playwright.sync_api import Browser, Error, Page

from shenbao.accounts.demo import DEMO_PASSWORD
from tests.browser.accessibility import check_page
from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSONAS = {
    "anonymous": None,
    "enterprise": "enterprise2",  # its application was returned: reasons, row editor, resubmission
    "institution": "institution1",
    "reviewer": "reviewer05",
    "city-admin": "admin",
}
# Pages no link of the walk leads to: the error page, the dashboards, the admin index (Django's own pages
# beyond it are left out, see NOT_PAGES).
TYPED = {
    "anonymous": ["/no-such-page/"],
    "enterprise": ["/no-such-page/", "/dashboards/applicant/"],
    "institution": ["/no-such-page/", "/dashboards/applicant/"],
    "reviewer": ["/no-such-page/", "/dashboards/reviewer/"],
    "city-admin": ["/no-such-page/", "/dashboards/city/", "/admin/"],
}
# Files, not pages (downloads, PDFs, spreadsheets), and the admin site, which is Django's own.
NOT_PAGES = re.compile(r"\.(xlsx|pdf|csv|svg|png)$|/export|/licence/|/attachments/|/media/|/admin/|/print/")
EVERY_INSTANCE = re.compile(r"^/(review|applications)/\d+/(roster/)?$")
ZOOM = {"viewport": {"width": 683, "height": 450}, "device_scale_factor": 2}  # 1366×900 at 200 %

# A control a mouse can click but the keyboard cannot reach: htmx on an element that takes no focus.
MOUSE_ONLY = """() => [...document.querySelectorAll('[hx-get],[hx-post],[onclick]')].filter(el => {
  const trigger = el.getAttribute('hx-trigger') || '';
  const focusable = el.matches('a[href],button,input,select,textarea,summary,form,[tabindex]:not([tabindex="-1"])');
  const byClick = trigger ? /click/.test(trigger) : !el.matches('form,input,select,textarea');
  return byClick && !focusable;
}).map(el => el.outerHTML.slice(0, 160))"""


@pytest.fixture
def demo(transactional_db: None, settings: Any) -> None:
    """The data `make run` shows: every authority, the demo accounts and applications in several statuses."""
    from shenbao.accounts.demo import create_demo_data
    from shenbao.directory.services import load_directory

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    load_directory()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        create_demo_data()


def _shape(url: str) -> str:
    """One page of each kind: numbers and query values do not make a new page, except that every
    application is visited (its page shows different forms in each status)."""
    parts = urlsplit(url)
    keys = sorted(pair.split("=")[0] for pair in parts.query.split("&") if pair)
    path = parts.path if EVERY_INSTANCE.match(parts.path) else re.sub(r"\d+", "N", parts.path)
    return path + ("?" + "&".join(keys) if keys else "")


def _sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base + "/accounts/home/")


def _walk(page: Page, base: str, start: list[str]) -> Iterator[str]:
    """Visits every kind of page linked from the start pages (breadth first); yields each as it is shown."""
    queue = list(start)
    seen = {_shape(url) for url in queue}
    while queue:
        url = queue.pop(0)
        try:
            response = page.goto(url)
        except Error as error:  # a link that turned out to be a download
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        yield url
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            href = href.split("#")[0]
            if not href.startswith(base + "/") or NOT_PAGES.search(urlsplit(href).path):
                continue
            if _shape(href) not in seen:
                seen.add(_shape(href))
                queue.append(href)


def _name(persona: str, url: str) -> str:
    parts = urlsplit(url)
    return f"{persona}-" + (re.sub(r"[^\w]+", "_", parts.path + parts.query).strip("_") or "home")


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_a_persona_reaches_is_accessible(  # type: ignore[no-untyped-def]
    persona: str, page: Page, browser: Browser, browser_context_args, live_server, demo
) -> None:
    base = live_server.url
    username = PERSONAS[persona]
    if username:
        _sign_in(page, base, username)
    zoomed = browser.new_context(
        **{**browser_context_args, **ZOOM}, storage_state=page.context.storage_state()
    )
    zoomed_page = zoomed.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    start = [base + ("/accounts/home/" if username else "/"), *(base + path for path in TYPED[persona])]
    problems: list[str] = []
    visited = []
    for url in _walk(page, base, start):
        visited.append(url)
        name = _name(persona, url)
        page.screenshot(path=str(SCREENSHOTS / f"a11y-{name}.png"))
        found = check_page(page, f"{persona}")
        if found:
            problems.append(found)
        if mouse_only := page.evaluate(MOUSE_ONLY):
            problems.append(f"mouse-only controls on {url}: {mouse_only}")
        zoomed_page.goto(url)
        zoomed_page.screenshot(path=str(SCREENSHOTS / f"a11y-{name}-zoom200.png"))
        if zoomed_page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            wide = zoomed_page.evaluate(WIDEST)
            problems.append(f"at 200 % zoom {url} scrolls sideways: {wide}")
    zoomed.close()
    assert len(visited) >= 3, visited  # the walk really went somewhere
    assert not problems, "\n\n".join(problems)


# What makes the page wider than the window: the outermost elements sticking out, with their width.
WIDEST = """() => {
  const limit = window.innerWidth;
  const out = [...document.body.querySelectorAll('*')].filter(el => {
    const box = el.getBoundingClientRect();
    return box.right > limit + 1 && !el.closest('.table-wrap') && !(el.parentElement && el.parentElement.getBoundingClientRect().right > limit + 1);
  });
  return out.slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' ' + Math.round(el.getBoundingClientRect().right) + 'px');
}"""
