"""Playwright on Debian's Chromium (platform.md §5) against pytest-django's live server.

`playwright install` cannot reach its CDN, so pytest-playwright's launch arguments are
overridden to start /usr/bin/chromium. Screenshots of each step go to
test-artifacts/screenshots/ (git-ignored), to be looked at: Chinese renders, nothing overflows.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

from tests.browser.accessibility import CHECKED, check_page, write_report

# Playwright's sync API keeps an event loop running in the test thread; without this the
# ORM refuses to run there (SynchronousOnlyOperation).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


class _OneRequestAtATime(WSGIServer):
    """The live server, serving one request at a time.

    Django's live server is threaded, and with SQLite's in-memory test database every thread
    shares one connection: a page's htmx request (the home page's queue glance, fired on load)
    racing the next navigation made SQLite fail with "bad parameter or other API misuse" (a CI
    run). Served one at a time, with Connection: close, the browser's requests queue instead.
    """

    def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
        # LiveServerThread.run() installs the shared connections in its own thread, which is
        # the thread that serves every request here.
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _serial_live_server() -> Iterator[None]:
    previous = LiveServerThread.server_class
    LiveServerThread.server_class = _OneRequestAtATime
    yield
    LiveServerThread.server_class = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # A common office laptop screen.
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1366, "height": 768}}


@pytest.fixture
def shot(request: pytest.FixtureRequest) -> Callable[..., Path]:
    """shot(page, "step") saves <test>-<nn>-<step>.png, full page, numbered in the order taken, and
    checks the page with axe-core: every step a browser test looks at is also checked for accessibility."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test = re.sub(r"[^\w-]+", "_", request.node.name).strip("_")
    taken = 0

    def take(page: Any, step: str) -> Path:
        nonlocal taken
        taken += 1
        path = SCREENSHOTS / f"{test}-{taken:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        problems = check_page(page, f"{request.node.name} {step}")
        assert not problems, problems
        return path

    return take


@pytest.fixture
def login(live_server: Any) -> Callable[..., None]:
    """Signs in through the real login form, as a person would."""

    def sign_in(page: Any, username: str, password: str) -> None:
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        # Wait for the answer to the form itself: waiting for "load" could return at once, on the
        # login page still shown, and the next goto would then cut the sign-in short.
        with page.expect_navigation():
            page.get_by_role("button", name="登录").click()

    return sign_in


def no_horizontal_overflow(page: Any) -> bool:
    """Nothing wider than the window: no sideways scrolling on an office laptop."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


@pytest.fixture
def axe(request: pytest.FixtureRequest) -> Callable[[Any], None]:
    """axe(page): no serious or critical axe-core violation on the page as it is now (accessibility.py)."""

    def check(page: Any) -> None:
        problems = check_page(page, request.node.name)
        assert not problems, problems

    return check


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The pages axe-core checked in this run, so a reader sees what "every page" covered."""
    if not CHECKED:
        return
    failing = sum(1 for page in CHECKED if page.failing)
    terminalreporter.section(
        f"axe-core: {len(CHECKED)} pages checked, {failing} with serious or critical findings"
    )
    for page in CHECKED:
        mark = "FAIL" if page.failing else "ok  "
        address = urlsplit(page.url)
        path = address.path + (f"?{address.query}" if address.query else "")
        terminalreporter.write_line(f"{mark} {page.test}: {path}  {page.title}")
    write_report(ARTIFACTS / "axe-pages.json")
