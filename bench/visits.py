"""What the rehearsal's simulated people do, and every request as they saw it (when, what, whether it worked).

Applicants browse their application; some upload a 1,000-row roster, watch its progress the way
the page does (htmx polls twice a second) and ask for the annotated copy, which the worker builds
while they watch that page too, then fetch the file. Reviewers browse their queue and rosters,
decide rows with the forms on the page, and ask once for the annotated copy of a roster. Like a
browser, each person fetches a page's static files once. Nothing here reads the database.
"""

from __future__ import annotations

import html
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.crowd import Browser

ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')
# The form keeps the page's filter and page number after the path (…/decide/?page=3).
DECIDE = re.compile(r'action="(/review/\d+/rows/\d+/decide/[^"]*)".*?name="version" value="(\d+)"', re.S)
# As the pages poll (hx-trigger in applications/_progress.html, downloads/_progress.html): a roster check's progress twice a second, a download's once.
POLL_SECONDS = {"progress": 0.5, "download": 1.0}


@dataclass(frozen=True)
class Hit:
    """One request: when it started and ended (monotonic), its kind, and whether the person got what they asked."""

    started: float
    ended: float
    kind: str  # page, decision, poll, upload, download, static
    path: str
    ok: bool
    said: str = ""


@dataclass
class Record:
    hits: list[Hit] = field(default_factory=list)
    uploads: list[int] = field(default_factory=list)  # applications whose upload was accepted
    downloads_asked: int = 0
    downloads_done: int = 0
    decisions: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, hit: Hit) -> None:
        with self.lock:
            self.hits.append(hit)

    def count(self, name: str) -> None:
        with self.lock:
            setattr(self, name, getattr(self, name) + 1)


@dataclass
class Visit:
    """One person's session: their browser, the record, when to stop, and the static files seen."""

    person: dict[str, Any]
    browser: Browser
    record: Record
    stop_at: float  # no new action after this
    give_up_at: float  # a progress or download page watched until then at most
    stopping: threading.Event
    rng: random.Random = field(init=False)
    assets: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.person["username"])

    def get(
        self, path: str, kind: str = "page", *, htmx: bool = False, expect: str = ""
    ) -> tuple[int, str, str] | None:
        return self.timed(kind, path, lambda: self.browser.request(path, htmx=htmx), expect)

    def timed(
        self,
        kind: str,
        path: str,
        call: Callable[[], tuple[int, str, str]],
        expect: str | tuple[str, ...] = "",
    ) -> tuple[int, str, str] | None:
        started = time.monotonic()
        try:
            status, final, body = call()
        except Exception as exc:  # a refused or dropped connection: the person sees an error page
            self.record.add(Hit(started, time.monotonic(), kind, path, False, repr(exc)))
            return None
        ok = status == 200 and not final.startswith("/accounts/login") and final.startswith(expect)
        self.record.add(Hit(started, time.monotonic(), kind, path, ok, "" if ok else f"{status} {final}"))
        if ok and kind == "page":
            self._static(body)
        return (status, final, body) if ok else None

    def _static(self, body: str) -> None:
        for asset in ASSET.findall(body):
            if asset not in self.assets:
                self.assets.add(asset)
                self.get(asset, "static")

    def pause(self) -> bool:
        """Think for 1–3 s; False once the measured period is over."""
        self.stopping.wait(self.rng.uniform(1, 3))
        return time.monotonic() < self.stop_at and not self.stopping.is_set()

    def watch(self, path: str, done: Callable[[str], bool], *, every: float) -> str | None:
        """Poll ``path`` as htmx does until ``done(body)``, returning that body; None when the person gave up."""
        while time.monotonic() < self.give_up_at and not self.stopping.is_set():
            answer = self.get(path, "poll", htmx=True)
            if answer is not None and done(answer[2]):
                return answer[2]
            self.stopping.wait(every)
        return None

    def download(self, path: str) -> None:
        """Ask for a file the worker builds, watch its page, then fetch it (an .xlsx is a zip: PK…)."""
        answer = self.get(path, expect="/downloads/")
        if answer is None:
            return
        self.record.count("downloads_asked")
        page = answer[1]
        body = self.watch(
            page,
            lambda body: 'data-state="done"' in body or 'data-state="failed"' in body,
            every=POLL_SECONDS["download"],
        )
        if body is None:
            return
        if 'data-state="failed"' in body:  # the worker could not build it: the person sees an error
            now = time.monotonic()
            self.record.add(Hit(now, now, "download", page, False, "the worker failed to build the file"))
            return
        file = self.timed("download", page + "file", lambda: self.browser.request(page + "file"))
        if file is not None and self.browser.content[:2] == b"PK":
            self.record.count("downloads_done")


def applicant(visit: Visit, upload_at: float | None, wants_copy: bool) -> None:
    pk = visit.person["application"]
    while visit.pause():
        if upload_at is not None and time.monotonic() >= upload_at:
            upload_at = None
            _upload(visit, pk, wants_copy)
            continue
        visit.get(visit.rng.choice(["/applications/", f"/applications/{pk}/", f"/applications/{pk}/roster/"]))


def _upload(visit: Visit, pk: int, wants_copy: bool) -> None:
    content = Path(visit.person["roster"]).read_bytes()
    path = f"/applications/{pk}/roster/upload/"
    roster = f"/applications/{pk}/roster/"
    progress = (f"/applications/{pk}/uploads/", roster)  # the roster itself when the check was that quick
    answer = visit.timed("upload", path, lambda: visit.browser.upload(path, "花名册.xlsx", content), progress)
    if answer is None:
        return
    with visit.record.lock:
        visit.record.uploads.append(pk)
    # The page polls until the check is done, then htmx follows HX-Redirect to the roster.
    if answer[1] == roster or visit.watch(
        answer[1], lambda body: bool(visit.browser.headers.get("HX-Redirect")), every=POLL_SECONDS["progress"]
    ):
        visit.get(roster)
        if wants_copy:
            visit.download(f"/applications/{pk}/report.xlsx")


def reviewer(visit: Visit, copy_at: float) -> None:
    applications = visit.person["applications"]
    last = ""
    while visit.pause():
        choice = visit.rng.random()
        if not applications or choice < 0.3:
            visit.get(visit.rng.choice(["/review/", "/dashboards/reviewer/"]))
            continue
        pk = visit.rng.choice(applications)
        if time.monotonic() >= copy_at:
            copy_at = float("inf")
            visit.download(f"/applications/{pk}/report.xlsx")
        elif choice < 0.75 or not last:
            answer = visit.get(f"/review/{pk}/?page={visit.rng.randint(1, 20)}")
            last = answer[2] if answer else ""
        else:
            _decide(visit, last)
            last = ""


def _decide(visit: Visit, page: str) -> None:
    forms = DECIDE.findall(page)
    if not forms:
        return
    action, version = visit.rng.choice(forms)
    action = html.unescape(action)  # &amp; between the query's parameters
    review = action.split("/rows/")[0] + "/"  # the page it redirects to, without its query
    data = {"version": version, "decision": "eligible", "reason": ""}
    # The form without htmx: POST, then the review page it redirects to (timed as one).
    if visit.timed("decision", action, lambda: visit.browser.form(action, data), review) is not None:
        visit.record.count("decisions")
