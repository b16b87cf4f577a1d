"""Simulated users for the load benchmarks: a browser per person, the people and their data, percentiles."""

from __future__ import annotations

import http.cookiejar
import re
import ssl
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import date, timedelta
from email.message import Message
from pathlib import Path
from typing import Any

PASSWORD = "load-test-password-9"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0


class Browser:
    """One signed-in person: a cookie jar and the last CSRF token seen.

    Like a browser, it sends the page's origin with every form (Django checks it over HTTPS) and
    ``HX-Request`` when it polls the way htmx does. ``headers`` and ``content`` hold the last
    response's headers and raw bytes (a downloaded file).
    """

    def __init__(self, base: str, *, context: ssl.SSLContext | None = None, timeout: float = 60) -> None:
        self.base = base
        handlers: list[urllib.request.BaseHandler] = [
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        ]
        if context is not None:
            handlers.append(urllib.request.HTTPSHandler(context=context))
        self.opener = urllib.request.build_opener(*handlers)
        self.timeout = timeout
        self.token = ""
        self.headers: Message = Message()
        self.content = b""

    def request(
        self, path: str, data: bytes | None = None, content_type: str = "", *, htmx: bool = False
    ) -> tuple[int, str, str]:
        """(status, final path after redirects, body as text); a dropped connection raises OSError."""
        headers = {"Content-Type": content_type} if content_type else {}
        if data is not None:
            headers["Origin"] = self.base
        if htmx:
            headers["HX-Request"] = "true"
        req = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            with self.opener.open(req, timeout=self.timeout) as response:
                self.content = response.read()
                self.headers = response.headers
                status, final = response.status, response.geturl()
        except urllib.error.HTTPError as exc:
            self.content, self.headers = b"", exc.headers
            return exc.code, "", ""
        body = self.content.decode("utf-8", "replace") if b"\0" not in self.content[:512] else ""
        found = TOKEN.search(body)
        if found:
            self.token = found.group(1)
        return status, urllib.parse.urlparse(final).path, body

    def form(self, path: str, fields: dict[str, Any]) -> tuple[int, str, str]:
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self.token}).encode()
        return self.request(path, data, "application/x-www-form-urlencoded")

    def upload(self, path: str, name: str, content: bytes) -> tuple[int, str, str]:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{self.token}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                f"Content-Type: {XLSX}\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.request(path, body, f"multipart/form-data; boundary={boundary}")

    def sign_in(self, username: str, *, totp_key: str = "") -> None:
        """Password, then the authenticator's code when the account has one (``totp_key``, hex)."""
        self.request("/accounts/login/")
        status, final, body = self.form("/accounts/login/", {"username": username, "password": PASSWORD})
        if totp_key and final.startswith("/accounts/otp"):
            from django_otp.oath import totp

            code = f"{totp(bytes.fromhex(totp_key)):06d}"
            status, final, body = self.form("/accounts/otp/", {"code": code, "next": "/accounts/home/"})
        if status != 200 or final.startswith(("/accounts/login", "/accounts/otp")):
            said = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))[:1500]
            raise RuntimeError(f"{username} could not sign in ({status} {final}): {said}")


def populate(
    *, organisations: int, reviewed: int, roster_dir: Path, uploaders: int = 10, second_factor: bool = False
) -> dict[str, Any]:
    """Demo-like data straight through the models; returns who the simulated users are.

    ``organisations`` applicants, one per organisation over the 17 districts; the first ``reviewed``
    applications are submitted with 1,000-row rosters (a reviewer per district); the next
    ``uploaders`` applicants get a 1,000-row roster file to upload. With ``second_factor`` the
    reviewers sign in with an authenticator's code (a TOTP device whose key is returned), as
    production asks; otherwise they are exempt like the demo accounts.
    """
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from shenbao.accounts.models import Role, User
    from shenbao.applications import services
    from shenbao.applications.models import Application
    from shenbao.directory.models import Authority
    from shenbao.directory.services import load_directory
    from shenbao.domain.roster_columns import RosterKind
    from shenbao.domain.workflow import Status
    from tests import factories, rosters
    from tests.security.matrix_fixtures import add_rows

    load_directory()
    hashed = make_password(PASSWORD)  # argon2 once, not once per account
    today = timezone.localdate()
    call = factories.make_open_call(closes_in_days=1)
    numbers = list(Authority.objects.order_by("number").values_list("number", flat=True))
    applicants, reviewers, submitted = [], [], {}
    for serial in range(organisations):
        organisation = factories.make_organisation(number=numbers[serial % len(numbers)])
        user = User.objects.create(
            username=f"load-applicant-{serial}",
            password=hashed,
            role=Role.APPLICANT,
            organisation=organisation,
        )
        application = services.create_application(by=user, call=call)
        if serial < reviewed:
            add_rows(application, 1000)
            Application.objects.filter(pk=application.pk).update(
                status=Status.SUBMITTED, submitted_at=timezone.now(), paper_volumes_declared=1
            )
            submitted.setdefault(organisation.authority.number, []).append(application.pk)
        else:
            applicants.append(
                {"username": user.username, "application": application.pk, "code": organisation.code}
            )
    for number in numbers:
        user = User.objects.create(
            username=f"load-reviewer-{number}",
            password=hashed,
            role=Role.REVIEWER,
            authority=Authority.objects.get(number=number),
            otp_exempt=not second_factor,
        )
        reviewer = {"username": user.username, "applications": submitted.get(number, [])}
        if second_factor:
            reviewer["totp_key"] = TOTPDevice.objects.create(user=user, name="phone", confirmed=True).key
        reviewers.append(reviewer)
    hired = (today - timedelta(days=60)).isoformat()
    for index, applicant in enumerate(applicants[:uploaders]):
        rows = [rosters.employee(s, payer_code=applicant["code"], hired=hired) for s in range(1, 1001)]
        for s, row in enumerate(rows, start=1):
            birth = (date(1985, 1, 1) + timedelta(days=index * 10 + s // 500)).strftime("%Y%m%d")
            row["证件号码"] = rosters.valid_id(s, birth=birth)
        applicant["roster"] = str(
            rosters.write_roster(roster_dir / f"r{index}.xlsx", RosterKind.EMPLOYEES, rows)
        )
    return {"applicants": applicants, "reviewers": reviewers}
