"""Every URL of the project × every persona → the outcome the access rules promise.

Outcomes: ``ok`` (2xx, or a redirect anywhere but a login page), ``login`` (a redirect to
the sign-in page: accounts:login, or admin:login for the admin), ``404``. No answer is ever 403:
what a user may not see does not exist for them.

The rule for methods: a URL is requested with the method its view exists for. Views that
only accept POST (``require_POST``) are requested with an empty POST, and the expected outcome
is the access outcome (an empty form is invalid, so it is refused as a validation error, not
performed); a GET to them is answered 405 for everyone (checked once, below). Every request runs
inside a savepoint that is rolled back, so whatever a request might change is undone before the next.

A URL pattern without an entry in ``EXPECTED`` fails the test by name: no page ships unexamined.

Every URL is requested by every persona with the application in each status of STATUSES. A URL
that shows the application (its kwargs name it) answers staff 404 while it is a draft: staff see
an application only once submitted (workflow.STAFF_VISIBLE_STATUSES). And no page shown to staff
names a draft's persons or reference, lists and dashboards included.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from shenbao.domain.workflow import Status
from tests.security.matrix_fixtures import PDF, World, build_world

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous",
    "enterprise_user",
    "other_enterprise_user",
    "institution_user",
    "reviewer",
    "other_reviewer",
    "city_admin",
    "security_auditor",
)


def profile(spec: str, *, auditor: str | None = None) -> dict[str, str]:
    """Seven outcomes in the order of PERSONAS, e.g. ``"login ok 404 404 ok 404 ok"``.

    The security auditor's outcome follows unless given: what every signed-in persona gets
    when they all get the same (public and any-signed-in pages), else 404.
    """
    outcomes = spec.split()
    assert len(outcomes) == len(PERSONAS) - 1, spec
    signed_in = set(outcomes[1:])
    outcomes.append(auditor or (outcomes[1] if len(signed_in) == 1 else "404"))
    assert set(outcomes) <= {"ok", "login", "404"}, spec
    return dict(zip(PERSONAS, outcomes, strict=True))


#                          anon  ent  other inst  rev  other city
PUBLIC = profile("          ok    ok   ok    ok    ok   ok    ok")
SIGNED_IN = profile("       login ok   ok    ok    ok   ok    ok")
APPLICANTS = profile("      login ok   ok    ok    404  404   404")
ENTERPRISES = profile("     login ok   ok    404   404  404   404")
OWN = profile("             login ok   404   404   404  404   404")
STAFF = profile("           login 404  404   404   ok   ok    ok")
REVIEWERS = profile("       login 404  404   404   ok   ok    404")
CITY = profile("            login 404  404   404   404  404   ok")
AUTHORITY = profile("       login 404  404   404   ok   404   ok")
OWN_REVIEWER = profile("     login 404  404   404   ok   404   404")
# The applicant who sent it, the reviewer of its authority, the city admin.
INVOLVED = profile("        login ok   404   404   ok   404   ok")
# Security events: the security auditor alone, not the city admin (separation of duties).
AUDITOR = profile("         login 404  404   404   404  404   404", auditor="ok")


STAFF_PERSONAS = ("reviewer", "other_reviewer", "city_admin")
STATUSES = (
    Status.DRAFT,
    Status.SUBMITTED,
    Status.RETURNED,
    Status.WITHDRAWN,
    Status.ACCEPTED,
    Status.REPORTED,
    Status.APPROVED,
    Status.PAID,
)


@dataclass(frozen=True)
class Entry:
    expected: dict[str, str]
    kwargs: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    method: str = "get"

    def expected_at(self, status: Status, persona: str) -> str:
        """The promised answer; staff get 404 for a draft wherever the URL names the application."""
        if status is Status.DRAFT and persona in STAFF_PERSONAS and self.names_application:
            return "404"
        return self.expected[persona]

    @property
    def names_application(self) -> bool:
        return "application.pk" in self.kwargs(_Probe("")).values()  # type: ignore[arg-type]


class _Probe(str):
    """A stand-in World: each attribute is the path that reached it (``w.application.pk``)."""

    def __getattr__(self, name: str) -> _Probe:
        return _Probe(f"{self}.{name}" if self else name)


def get(expected: dict[str, str], kwargs: Callable[[World], dict[str, Any]] | None = None) -> Entry:
    return Entry(expected, kwargs or (lambda w: {}))


def post(expected: dict[str, str], kwargs: Callable[[World], dict[str, Any]] | None = None) -> Entry:
    return Entry(expected, kwargs or (lambda w: {}), "post")


def app(w: World) -> dict[str, Any]:
    return {"pk": w.application.pk}


def app_row(w: World) -> dict[str, Any]:
    return {"pk": w.application.pk, "row_pk": w.row.pk}


def review_row(w: World) -> dict[str, Any]:
    return {"pk": w.application.pk, "row_id": w.row.pk}


def organisation(w: World) -> dict[str, Any]:
    return {"pk": w.organisation.pk}


EXPECTED: dict[str, Entry] = {
    "admin:index": get(profile("login login login login login login ok", auditor="login")),
    "favicon": get(PUBLIC),
    # accounts
    "accounts:login": get(PUBLIC),
    "accounts:logout": post(PUBLIC),
    "accounts:otp_verify": get(SIGNED_IN),
    "accounts:otp_setup": get(SIGNED_IN),
    "accounts:otp_qr": get(SIGNED_IN),
    "accounts:otp_recovery_codes": get(SIGNED_IN),
    "accounts:password_change": get(SIGNED_IN),
    "accounts:password_change_done": get(SIGNED_IN),
    "accounts:password_reset": get(PUBLIC),
    "accounts:password_reset_done": get(PUBLIC),
    "accounts:password_reset_confirm": get(PUBLIC, lambda w: {"uidb64": "MQ", "token": "set-password"}),
    "accounts:password_reset_complete": get(PUBLIC),
    "accounts:home": get(SIGNED_IN),
    "accounts:colleagues": get(APPLICANTS),
    "accounts:staff": get(CITY),
    "accounts:staff_assign": post(CITY, lambda w: {"user_id": w.reviewer.pk}),
    # An applicant manages the accounts of their own organisation; the city admin manages reviewers only.
    "accounts:set_active": post(OWN, lambda w: {"user_id": w.colleague.pk}),
    # organisations
    "organisations:register": get(PUBLIC),
    "organisations:pending": get(STAFF),
    "organisations:confirm": post(AUTHORITY, organisation),
    "organisations:reject": post(AUTHORITY, organisation),
    "organisations:licence": get(AUTHORITY, organisation),
    # catalog
    "catalog:text": get(PUBLIC),
    "catalog:self_check": get(PUBLIC),
    "catalog:figures": get(ENTERPRISES),
    "catalog:organisations": get(STAFF),
    "catalog:organisation_decision": get(AUTHORITY, organisation),
    "catalog:import": get(CITY),
    "catalog:import_template": get(CITY),
    # applications: the applicant's own pages
    "applications:list": get(APPLICANTS),
    "applications:create": post(APPLICANTS),
    "applications:template": get(PUBLIC, lambda w: {"kind": "employees"}),
    "applications:detail": get(OWN, app),
    "applications:roster": get(OWN, app),
    "applications:upload": post(OWN, app),
    "applications:progress": get(OWN, lambda w: {"pk": w.application.pk, "upload_pk": w.upload.pk}),
    "applications:row": get(OWN, app_row),
    "applications:edit_row": get(OWN, app_row),
    "applications:report": get(INVOLVED, app),
    "applications:add_attachment": post(OWN, app),
    "applications:attachment": get(
        INVOLVED, lambda w: {"pk": w.application.pk, "attachment_pk": w.attachment.pk}
    ),
    "applications:remove_attachment": post(
        OWN, lambda w: {"pk": w.application.pk, "attachment_pk": w.attachment.pk}
    ),
    "applications:details": post(OWN, app),
    "applications:submit": get(OWN, app),
    "applications:withdraw": get(OWN, app),
    # reviews: the authority's and the city's pages
    "reviews:queue": get(STAFF),
    "reviews:home_summary": get(STAFF),
    "reviews:application": get(AUTHORITY, app),
    "reviews:full_id": get(AUTHORITY, review_row),
    "reviews:row_decide": post(OWN_REVIEWER, review_row),
    "reviews:decide_filtered": post(OWN_REVIEWER, app),
    "reviews:attachment": get(
        AUTHORITY, lambda w: {"pk": w.application.pk, "attachment_id": w.attachment.pk}
    ),
    "reviews:receipt": post(OWN_REVIEWER, app),
    "reviews:return": get(OWN_REVIEWER, app),
    "reviews:accept": get(OWN_REVIEWER, app),
    "reviews:reject": get(OWN_REVIEWER, app),
    "reviews:approve": get(CITY, app),
    "reviews:send_back": post(CITY, app),
    "reviews:pay": get(CITY, app),
    "reviews:move": post(CITY, app),
    "reviews:summary": get(REVIEWERS),
    "reviews:summary_export": get(REVIEWERS),
    "reviews:report": post(REVIEWERS),
    "reviews:summary_detail": get(AUTHORITY, lambda w: {"pk": w.summary.pk}),
    "reviews:summary_detail_export": get(AUTHORITY, lambda w: {"pk": w.summary.pk}),
    "reviews:city": get(CITY),
    "reviews:organisation_move": get(CITY, organisation),
    "reviews:approved_export": get(CITY, lambda w: {"pk": w.call.pk}),
    "reviews:publish": get(CITY, lambda w: {"pk": w.old_call.pk}),
    # calls
    "calls:public": get(PUBLIC),
    "calls:publicity": get(PUBLIC, lambda w: {"year": w.old_call.year}),
    "calls:list": get(CITY),
    "calls:create": get(CITY),
    "calls:edit": get(CITY, lambda w: {"pk": w.call.pk}),
    # audit and operations
    "audit:list": get(AUDITOR),
    "audit:export": get(AUDITOR),
    "operations:retention": get(CITY),
    "operations:purge": get(CITY, lambda w: {"year": w.old_call.year}),
    # printing
    "printing:application_pdf": get(INVOLVED, app),
    "printing:summary_pdf": get(
        AUTHORITY, lambda w: {"number": w.application.authority.number, "year": w.call.year}
    ),
    "printing:reported_summary_pdf": get(AUTHORITY, lambda w: {"pk": w.summary.pk}),
    # downloads: only the user who asked for the file
    "downloads:detail": get(OWN, lambda w: {"token": w.download.token}),
    "downloads:file": get(OWN, lambda w: {"token": w.download.token}),
    # dashboards
    "dashboards:city": get(CITY),
    "dashboards:reviewer": get(REVIEWERS),
    "dashboards:applicant": get(APPLICANTS),
    # cross-checks
    "crosschecks:conflicts": get(CITY),
    "crosschecks:conflicts_export": get(CITY),
    "crosschecks:history": get(CITY),
    # directory
    "directory:public_home": get(PUBLIC),
    "directory:authority_list": get(PUBLIC),
    "directory:authority_export": get(PUBLIC),
    "directory:authority_edit": get(CITY, lambda w: {"number": w.application.authority.number}),
}


def url_names(resolver: URLResolver | None = None, namespace: tuple[str, ...] = ()) -> Iterator[str]:
    """Every named pattern, namespaced; of the admin's pages only its index (the admin guards itself)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join((*namespace, pattern.name or f"<unnamed {pattern.pattern}>"))
            if name.startswith("admin:") and name != "admin:index":
                continue
            yield name


ALL_URLS = sorted(set(url_names()))


def test_every_url_pattern_has_an_entry_in_the_matrix() -> None:
    missing = [name for name in ALL_URLS if name not in EXPECTED]
    assert not missing, f"URL patterns without an access-matrix entry (add them to EXPECTED): {missing}"


def test_the_matrix_lists_no_url_that_no_longer_exists() -> None:
    assert not sorted(set(EXPECTED) - set(ALL_URLS))


LOGIN_PATHS = (reverse("accounts:login"), reverse("admin:login"))


def outcome_of(response: Any) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        target = response.headers["Location"].split("?")[0]
        return "login" if target in LOGIN_PATHS else "ok"
    if 200 <= response.status_code < 300:
        return "ok"
    return str(response.status_code)


def client_for(request: pytest.FixtureRequest, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


@pytest.fixture
def world(request: pytest.FixtureRequest) -> World:
    for persona in PERSONAS[1:]:
        request.getfixturevalue(persona)
    return build_world(
        enterprise_user=request.getfixturevalue("enterprise_user"),
        reviewer=request.getfixturevalue("reviewer"),
    )


def _requested(client: Client, entry: Entry, address: str, world: World) -> Any:
    """The response, with the database, the client's cookies (a sign-out, a new session) and the
    attachment's file (removing an attachment deletes it outside the transaction) as before."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        response = getattr(client, entry.method)(address)
        transaction.set_rollback(True)
    client.cookies = cookies
    stored = world.attachment.file
    if not stored.storage.exists(stored.name):
        stored.storage.save(stored.name, ContentFile(PDF))
    return response


def _leaks(response: Any, world: World) -> list[str]:
    """What of a draft a page shows: its reference or a person's name (files are not read)."""
    if response.streaming or response.status_code != 200:
        return []
    text = response.content.decode("utf-8", "replace")
    return [shown for shown in (world.application.reference, world.row.name) if shown in text]


@pytest.mark.parametrize("status", STATUSES, ids=[str(s) for s in STATUSES])
def test_each_persona_gets_the_promised_answer_at_each_status(
    request: pytest.FixtureRequest, status: Status
) -> None:
    """One world per status, every URL × every persona in it (each request rolled back)."""
    for persona in PERSONAS[1:]:
        request.getfixturevalue(persona)
    world = build_world(
        enterprise_user=request.getfixturevalue("enterprise_user"),
        reviewer=request.getfixturevalue("reviewer"),
        status=status,
    )
    clients = {persona: client_for(request, persona) for persona in PERSONAS}
    mismatches: list[str] = []
    for name in sorted(EXPECTED):
        entry = EXPECTED[name]
        address = reverse(name, kwargs=entry.kwargs(world))
        for persona, client in clients.items():
            response = _requested(client, entry, address, world)
            assert response.status_code != 403, f"{persona} got 403 at {address}: others' things answer 404"
            expected, found = entry.expected_at(status, persona), outcome_of(response)
            if expected != found:
                mismatches.append(
                    f"{entry.method.upper()} {address} as {persona}: expected {expected}, got {found}"
                )
            if status is Status.DRAFT and persona in STAFF_PERSONAS and (leaked := _leaks(response, world)):
                mismatches.append(f"{entry.method.upper()} {address} shows {persona} a draft's {leaked}")
    assert not mismatches, "\n".join(mismatches)


POST_ONLY = sorted(name for name, entry in EXPECTED.items() if entry.method == "post")


@pytest.mark.parametrize("persona", ["anonymous", "enterprise_user", "reviewer", "city_admin"])
def test_post_only_views_answer_get_with_405(
    request: pytest.FixtureRequest, world: World, persona: str
) -> None:
    client = client_for(request, persona)
    wrong = {}
    for name in POST_ONLY:
        address = reverse(name, kwargs=EXPECTED[name].kwargs(world))
        status = client.get(address).status_code
        if status != 405:
            wrong[name] = status
    assert not wrong, f"POST-only views that answered GET from {persona} otherwise than 405: {wrong}"
