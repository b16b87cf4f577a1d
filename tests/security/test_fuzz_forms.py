"""Every field of every form of the project, fed hostile values through the view that binds it.

Huge numbers, far dates, long and odd Unicode, NULs, empty values and long file names are posted
(or sent as a query, for filter forms) by the persona the view serves. No answer may be a 500,
and every refusal a user sees (a form error, a message, a 400 page) must be plain Chinese.
A form class of the project without an entry in TARGETS fails the test by name.
"""

from __future__ import annotations

import copy
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import shenbao
from shenbao.applications import services
from shenbao.domain.workflow import Status
from tests.security.chinese import assert_plain_chinese, visible_text
from tests.security.matrix_fixtures import PDF, World, build_world

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
HOSTILE = (
    "",
    " ",
    "0",
    "-1",
    "2147483648",
    "99999999999999999999999",
    "-99999999999999999999999",
    "9" * 400,
    "1e309",
    "NaN",
    "９９",
    "9999-12-31",
    "0001-01-01",
    "10000-01-01",
    "2026-02-30",
    "a\x00b",
    "\x00",
    "\u202e\u200b",
    "𠀀" * 40,
    "<script>alert(1)</script>",
    "99999999999999999999999：入职日期不在计入范围",
    "1:99999999999999999999999",
    "99999999999999999999999:1",
)
# One hostile value per kind, tried in each field in turn while the others are plausible.
SWEEP = (
    "",
    "99999999999999999999999",
    "9999-12-31",
    "0001-01-01",
    "a\x00b",
    "x" * 3000,
    "99999999999999999999999：入职日期不在计入范围",
    "99999999999999999999999:1",
)
HOSTILE_TEXT = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=200),
    st.characters(exclude_categories=["Cs"]).map(lambda c: c * 3000),
)
FILE_NAMES = st.one_of(
    st.sampled_from(
        [
            "x.html",
            "../../x.pdf",
            "a\x00b.xlsx",
            "花名册.xlsx",
            ".pdf",
            "x" * 1100 + ".pdf",
            "名" * 400 + ".xlsx",
        ]
    ),
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=50),
)
FILE_BODIES = st.sampled_from(
    [PDF, b"", b"PK\x03\x04junk", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "姓名,证件号码\n".encode()]
)


@dataclass(frozen=True)
class Target:
    """Where a form is bound: the URL (from the world), the persona and method, extra field names."""

    url: Callable[[World], str]
    persona: str
    method: str = "post"
    status: Status = Status.SUBMITTED
    extra_fields: tuple[str, ...] = ()
    form_kwargs: dict[str, Any] = field(default_factory=dict)


def at(name: str, **kwargs: Callable[[World], object]) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={key: make(w) for key, make in kwargs.items()})


def app(w: World) -> object:
    return w.application.pk


ROSTER_FIELDS = ("姓名", "性别", "证件类型", "证件号码", "入职日期", "是否在职", "离职日期", "在职时长（天）")
DRAFT = Status.DRAFT
TARGETS: dict[str, list[Target]] = {
    "shenbao.accounts.forms.NewAccountForm": [Target(at("accounts:colleagues"), "enterprise_user")],
    "shenbao.accounts.forms.ReviewerForm": [Target(at("accounts:staff"), "city_admin")],
    "shenbao.accounts.forms.AssignAuthorityForm": [
        Target(at("accounts:staff_assign", user_id=lambda w: w.reviewer.pk), "city_admin")
    ],
    "shenbao.accounts.otp_forms.CodeForm": [
        Target(at("accounts:otp_verify"), "reviewer"),
        Target(at("accounts:otp_setup"), "reviewer"),
    ],
    "shenbao.organisations.forms.RegistrationForm": [Target(at("organisations:register"), "anonymous")],
    "shenbao.organisations.forms.RejectForm": [
        Target(at("organisations:reject", pk=lambda w: w.organisation.pk), "reviewer")
    ],
    "shenbao.catalog.forms.FiguresForm": [
        Target(at("catalog:figures"), "enterprise_user"),
        Target(at("catalog:self_check"), "anonymous"),
    ],
    "shenbao.catalog.forms.ImportForm": [Target(at("catalog:import"), "city_admin")],
    "shenbao.crosschecks.forms.ConflictFilterForm": [
        Target(at("crosschecks:conflicts"), "city_admin", "get"),
        Target(at("crosschecks:conflicts_export"), "city_admin", "get"),
    ],
    "shenbao.crosschecks.forms.HistoryImportForm": [Target(at("crosschecks:history"), "city_admin")],
    "shenbao.calls.forms.CallForm": [
        Target(at("calls:create"), "city_admin"),
        Target(at("calls:edit", pk=lambda w: w.call.pk), "city_admin"),
    ],
    "shenbao.audit.forms.AuditFilterForm": [
        Target(at("audit:list"), "security_auditor", "get"),
        Target(at("audit:export"), "security_auditor", "get"),
    ],
    "shenbao.reviews.forms.QueueFilterForm": [Target(at("reviews:queue"), "reviewer", "get")],
    "shenbao.reviews.forms.VersionForm": [
        Target(at("reviews:receipt", pk=app), "reviewer"),
    ],
    "shenbao.reviews.forms.AcceptForm": [
        Target(at("reviews:accept", pk=app), "reviewer"),
        Target(at("reviews:approve", pk=app), "city_admin", status=Status.REPORTED),
    ],
    "shenbao.reviews.forms.PublishForm": [
        Target(at("reviews:publish", pk=lambda w: w.old_call.pk), "city_admin"),
    ],
    "shenbao.reviews.forms.ReportForm": [Target(at("reviews:report"), "reviewer")],
    "shenbao.reviews.forms.RowDecisionForm": [
        Target(at("reviews:row_decide", pk=app, row_id=lambda w: w.row.pk), "reviewer")
    ],
    "shenbao.reviews.forms.FilterDecisionForm": [Target(at("reviews:decide_filtered", pk=app), "reviewer")],
    "shenbao.reviews.forms.ReceiptForm": [Target(at("reviews:receipt", pk=app), "reviewer")],
    "shenbao.reviews.forms.ReturnForm": [Target(at("reviews:return", pk=app), "reviewer")],
    "shenbao.reviews.forms.ReasonForm": [
        Target(at("reviews:reject", pk=app), "reviewer"),
        Target(at("reviews:send_back", pk=app), "city_admin", status=Status.REPORTED),
    ],
    "shenbao.reviews.forms.PayForm": [
        Target(at("reviews:pay", pk=app), "city_admin", status=Status.APPROVED)
    ],
    "shenbao.reviews.forms.MoveForm": [Target(at("reviews:move", pk=app), "city_admin")],
    "shenbao.reviews.forms.MoveOrganisationForm": [
        Target(at("reviews:organisation_move", pk=lambda w: w.organisation.pk), "city_admin")
    ],
    "shenbao.operations.forms.PurgeConfirmForm": [
        Target(at("operations:purge", year=lambda w: w.old_call.year), "city_admin")
    ],
    "shenbao.directory.forms.AuthorityForm": [
        Target(at("directory:authority_edit", number=lambda w: w.application.authority.number), "city_admin")
    ],
    "shenbao.applications.forms.RosterUploadForm": [
        Target(at("applications:upload", pk=app), "enterprise_user", status=DRAFT)
    ],
    "shenbao.applications.forms.AttachmentForm": [
        Target(at("applications:add_attachment", pk=app), "enterprise_user", status=DRAFT)
    ],
    "shenbao.applications.forms.DetailsForm": [
        Target(at("applications:details", pk=app), "enterprise_user", status=DRAFT)
    ],
    "shenbao.applications.forms.SubmitForm": [
        Target(at("applications:submit", pk=app), "enterprise_user", status=DRAFT)
    ],
    "shenbao.applications.forms.VersionForm": [
        Target(at("applications:withdraw", pk=app), "enterprise_user"),
    ],
    "shenbao.applications.forms.RowForm": [
        Target(
            at("applications:edit_row", pk=app, row_pk=lambda w: w.row.pk),
            "enterprise_user",
            status=DRAFT,
            extra_fields=ROSTER_FIELDS,
        )
    ],
}


def project_forms() -> list[type[forms.BaseForm]]:
    """Every form class defined in the project's modules (imported so that none is missed)."""
    for module in pkgutil.walk_packages(shenbao.__path__, "shenbao."):
        if ".migrations" not in module.name and ".management" not in module.name:
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    pending: list[type[forms.BaseForm]] = [forms.BaseForm]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("shenbao."):
                found.append(sub)
    return found


def form_name(form: type[forms.BaseForm]) -> str:
    return f"{form.__module__}.{form.__qualname__}"


def test_every_form_of_the_project_is_fuzzed() -> None:
    missing = sorted(form_name(f) for f in project_forms() if form_name(f) not in TARGETS)
    assert not missing, f"forms without a fuzz target (add them to TARGETS): {missing}"


def _fields(form: type[forms.BaseForm], target: Target) -> tuple[dict[str, forms.Field | None], list[str]]:
    """The form's text-like fields (with extra names, which have no Field) and its file field names."""
    declared = form.base_fields
    files = [name for name, f in declared.items() if isinstance(f, forms.FileField)]
    texts: dict[str, forms.Field | None] = {name: f for name, f in declared.items() if name not in files}
    texts |= dict.fromkeys(target.extra_fields)
    return texts, files


def _plausible(name: str, field: forms.Field | None, world: World) -> str:
    """A value the field would accept, so that one hostile field at a time reaches the service."""
    if name == "version":
        return str(world.row.version if "row" in name else world.application.version)
    if name == "rows":
        return f"{world.row.pk}:{world.row.version}"
    if isinstance(field, forms.ModelChoiceField):
        first = field.queryset.first()
        return str(first.pk) if first is not None else ""
    if isinstance(field, forms.ChoiceField):
        values = [str(value) for value, _ in field.choices if str(value)]
        return values[0] if values else ""
    if isinstance(field, forms.DateField):
        return "2026-06-30"
    if isinstance(field, forms.EmailField):
        return "someone@example.gov.cn"
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return "1"
    if isinstance(field, forms.BooleanField):
        return "on"
    return "测试"


def _shown_refusals(response: Any) -> list[str]:
    """The form errors and error messages a user sees in this response."""
    shown = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    for context in response.context or []:
        for value in context.flatten().values():
            if isinstance(value, forms.BaseForm) and value.is_bound:
                shown += [str(error) for errors in value.errors.values() for error in errors]
    return shown


def _check(form: type[forms.BaseForm], target: Target, world: World, client: Client) -> None:
    """Each hostile value in every field at once, then hypothesis's mixtures of them."""
    texts, files = _fields(form, target)
    address = target.url(world)

    def send(data: dict[str, str], sent_files: dict[str, tuple[str, bytes]]) -> None:
        payload: dict[str, object] = dict(data)
        for name, (file_name, body) in sent_files.items():
            payload[name] = SimpleUploadedFile(file_name, body)
        cookies = copy.deepcopy(client.cookies)  # a session kept in the cookie: each example starts afresh
        with transaction.atomic():
            response = getattr(client, target.method)(address, payload)
            transaction.set_rollback(True)
        client.cookies = cookies
        assert response.status_code != 500, f"{address} {payload!r}"
        echoed = tuple(str(v) for v in data.values()) + tuple(n for n, _ in sent_files.values())
        if response.status_code == 400:
            assert_plain_chinese(visible_text(response.content.decode()), echoed=echoed)
        for refusal in _shown_refusals(response):
            assert_plain_chinese(refusal, echoed=echoed)

    baseline = {name: _plausible(name, f, world) for name, f in texts.items()}
    for name in [*texts, *files]:
        for value in SWEEP:
            if name in files:
                send(baseline, {**dict.fromkeys(files, ("材料.pdf", PDF)), name: (value or "空", PDF)})
            else:
                send({**baseline, name: value}, dict.fromkeys(files, ("材料.pdf", PDF)))

    @EXAMPLES
    @given(
        data=st.fixed_dictionaries(
            {name: st.one_of(st.just(baseline[name]), HOSTILE_TEXT) for name in texts}
        ),
        sent_files=st.fixed_dictionaries({name: st.tuples(FILE_NAMES, FILE_BODIES) for name in files}),
    )
    def mixed(data: dict[str, str], sent_files: dict[str, tuple[str, bytes]]) -> None:
        send(data, sent_files)

    mixed()


@pytest.mark.parametrize("status", sorted({t.status for targets in TARGETS.values() for t in targets}))
def test_hostile_values_in_any_field_never_give_a_500_and_are_refused_in_chinese(
    request: pytest.FixtureRequest, status: Status
) -> None:
    for persona in ("enterprise_user", "other_enterprise_user", "institution_user", "reviewer", "city_admin"):
        request.getfixturevalue(persona)
    world = build_world(
        enterprise_user=request.getfixturevalue("enterprise_user"),
        reviewer=request.getfixturevalue("reviewer"),
        status=status,
    )
    clients: dict[str, Client] = {}
    by_name = {form_name(f): f for f in project_forms()}
    for name, targets in sorted(TARGETS.items()):
        for target in targets:
            if target.status is not status:
                continue
            if target.persona not in clients:
                clients[target.persona] = Client(raise_request_exception=True)
                if target.persona != "anonymous":
                    clients[target.persona].force_login(request.getfixturevalue(target.persona))
            _check(by_name[name], target, world, clients[target.persona])


def test_a_file_name_too_long_for_django_to_parse_gets_a_chinese_400(enterprise_user, call) -> None:  # type: ignore[no-untyped-def]
    application = services.create_application(by=enterprise_user, call=call)
    # Built by hand: the test client's uploaded files cut their names to 255 characters.
    boundary = "shenbao-boundary"
    name = "名" * 400 + ".xlsx"
    body = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
        f"x\r\n--{boundary}--\r\n"
    ).encode()
    client = Client()
    client.force_login(enterprise_user)
    response = client.generic(
        "POST",
        reverse("applications:add_attachment", args=[application.pk]),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 400
    page = visible_text(response.content.decode())
    assert_plain_chinese(page)
    assert "文件名过长" in page


def test_a_missing_page_is_explained_in_chinese(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_plain_chinese(visible_text(response.content.decode()))
