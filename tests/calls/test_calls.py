"""The call: opened and changed by the city admin, announced publicly, and its approved list put up for 公示."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from shenbao.applications.models import Application, RosterRow
from shenbao.calls import services
from shenbao.calls.models import Call
from shenbao.domain.personal import mask
from shenbao.domain.workflow import Status, TransitionNotAllowed
from shenbao.reviews import publicity
from tests import factories
from tests.confirming import confirm
from tests.rosters import valid_id

pytestmark = pytest.mark.django_db


def _fields(year: int = 2027, **overrides: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "year": year,
        "edition": "2016",
        "opens_on": date(year, 3, 1),
        "closes_on": date(year, 4, 30),
        "hired_from": date(year - 1, 1, 1),
        "hired_to": date(year - 1, 12, 31),
        "reference_date": date(year, 2, 28),
        "standard_employees": Decimal("4500"),
        "standard_trainees": Decimal("500"),
    }
    fields.update(overrides)
    return fields


def _post(fields: dict[str, object]) -> dict[str, str]:
    return {name: str(value) for name, value in fields.items()}


def test_city_admin_opens_a_call_through_the_form(client, city_admin):
    client.force_login(city_admin)
    response = client.post(reverse("calls:create"), _post(_fields(standard_trainees=Decimal("400"))))
    assert response.status_code == 302
    call = Call.objects.get(year=2027)
    assert (call.edition, call.standard_trainees, call.closes_on) == (
        "2016",
        Decimal("400"),
        date(2027, 4, 30),
    )


def test_the_form_offers_the_shipped_editions_and_the_ceilings_as_defaults(client, city_admin):
    client.force_login(city_admin)
    page = client.get(reverse("calls:create")).content.decode()
    assert '<option value="2016"' in page
    assert 'value="4500' in page and 'value="500' in page


def test_a_standard_above_the_national_ceiling_is_refused(client, city_admin):
    client.force_login(city_admin)
    response = client.post(reverse("calls:create"), _post(_fields(standard_employees=Decimal("4500.01"))))
    assert response.status_code == 200
    assert "不能高于国家政策规定的上限 4,500 元/人" in response.content.decode()
    assert not Call.objects.exists()
    with pytest.raises(TransitionNotAllowed, match="上限 500 元"):
        services.save_call(by=city_admin, **_fields(standard_trainees=Decimal("501")))  # type: ignore[arg-type]


def test_one_call_per_year(city_admin):
    services.save_call(by=city_admin, **_fields())  # type: ignore[arg-type]
    with pytest.raises(TransitionNotAllowed, match="2027年度的申报批次已存在"):
        services.save_call(by=city_admin, **_fields())  # type: ignore[arg-type]


def test_dates_must_run_forwards(client, city_admin):
    client.force_login(city_admin)
    response = client.post(reverse("calls:create"), _post(_fields(closes_on=date(2027, 2, 1))))
    assert "受理截止日期不能早于受理开始日期" in response.content.decode()


def test_editing_a_call_keeps_its_year(client, city_admin):
    call = services.save_call(by=city_admin, **_fields())  # type: ignore[arg-type]
    client.force_login(city_admin)
    response = client.post(reverse("calls:edit", args=[call.pk]), _post(_fields(closes_on=date(2027, 5, 31))))
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.closes_on == date(2027, 5, 31)


def test_only_the_city_admin_manages_calls(client, reviewer, enterprise_user):
    for user in (reviewer, enterprise_user):
        client.force_login(user)
        assert client.get(reverse("calls:list")).status_code == 404
        assert client.post(reverse("calls:create"), _post(_fields())).status_code == 404
        with pytest.raises(Http404):
            services.save_call(by=user, **_fields())  # type: ignore[arg-type]
    assert not Call.objects.exists()


def test_public_page_announces_the_open_call(client, db):
    today = timezone.localdate()
    Call.objects.create(
        year=today.year,
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=10),
        hired_from=today - timedelta(days=400),
        hired_to=today,
        reference_date=today,
    )
    page = client.get(reverse("calls:public")).content.decode()
    assert "现正受理申报" in page
    closes = today + timedelta(days=10)
    assert f"{closes.year}年{closes.month}月{closes.day}日" in page
    assert reverse("applications:template", args=["employees"]) in page
    assert reverse("applications:template", args=["trainees"]) in page
    assert reverse("directory:authority_list") in page
    assert "4,500.00 元" in page and "500.00 元" in page


def test_public_page_without_any_call(client, db):
    assert "目前没有申报批次" in client.get(reverse("calls:public")).content.decode()


@pytest.fixture
def approved(directory, db):
    today = timezone.localdate()
    call = Call.objects.create(
        year=today.year,
        opens_on=today - timedelta(days=30),
        closes_on=today - timedelta(days=1),
        hired_from=today,
        hired_to=today,
        reference_date=today,
    )
    organisation = factories.make_organisation(number=5, name="公示软件有限公司")
    application = Application.objects.create(
        call=call,
        organisation=organisation,
        kind="employees",
        authority=organisation.authority,
        reference="P1",
        status=Status.APPROVED,
        persons=1,
        eligible_persons=1,
        amount=Decimal("4500.00"),
    )
    number = valid_id(7)
    RosterRow.objects.create(
        application=application,
        number=2,
        name="张三丰",
        **factories.protected_id(number),
        decision="eligible",
    )
    return call, number


PERIOD = {"starts_on": "", "ends_on": "", "contact": "市商务委服务贸易处 021-23110000"}


def _period() -> dict[str, str]:
    today = timezone.localdate()
    return {**PERIOD, "starts_on": today.isoformat(), "ends_on": (today + timedelta(days=6)).isoformat()}


def test_publishing_puts_the_approved_list_up_with_its_period_and_contact(client, city_admin, approved):
    call, number = approved
    assert client.get(reverse("calls:publicity", args=[call.year])).status_code == 404
    client.force_login(city_admin)
    publish = reverse("reviews:publish", args=[call.pk])
    page = client.get(publish).content.decode()
    assert "确认公示" in page and "1 人" in page and "4,500.00 元" in page
    assert confirm(client, publish, _period(), first="post").status_code == 302
    call.refresh_from_db()
    assert call.published_at is not None and call.publicity_contact == PERIOD["contact"]
    client.logout()
    page = client.get(reverse("calls:publicity", args=[call.year])).content.decode()
    assert "公示软件有限公司" in page and "4,500.00 元" in page and "新录用员工" in page
    assert PERIOD["contact"] in page and "公示期" in page
    assert "张三丰" not in page
    assert number not in page and mask(number) not in page and number[:6] not in page
    for home in (reverse("directory:public_home"), reverse("calls:public")):
        shown = client.get(home).content.decode()
        assert "审定名单正在公示" in shown and PERIOD["contact"] in shown


def test_a_publication_without_its_confirmation_or_period_changes_nothing(client, city_admin, approved):
    call, _ = approved
    client.force_login(city_admin)
    client.post(reverse("reviews:publish", args=[call.pk]), _period())
    response = confirm(client, reverse("reviews:publish", args=[call.pk]), {"contact": "x"}, first="post")
    assert "请填写公示期的开始和结束日期" in response.content.decode()
    call.refresh_from_db()
    assert call.published_at is None


def test_nothing_to_publish_before_any_approval(city_admin, db):
    today = timezone.localdate()
    call = Call.objects.create(
        year=today.year,
        opens_on=today - timedelta(days=9),
        closes_on=today - timedelta(days=1),
        hired_from=today,
        hired_to=today,
        reference_date=today,
    )
    with pytest.raises(TransitionNotAllowed, match="无可公示"):
        publicity.publish_call(by=city_admin, call=call, starts_on=today, ends_on=today, contact="x")


def test_the_publicity_waits_for_every_reported_application_and_the_close(client, city_admin, approved):
    call, _ = approved
    waiting = Application.objects.get(reference="P1")
    Application.objects.create(
        call=call,
        organisation=factories.make_organisation(number=5),
        kind="employees",
        authority=waiting.authority,
        reference="P2",
        status=Status.REPORTED,
    )
    today = timezone.localdate()
    Call.objects.filter(pk=call.pk).update(closes_on=today)
    client.force_login(city_admin)
    page = client.get(reverse("reviews:publish", args=[call.pk])).content.decode()
    assert "还有 1 项已上报市级的申报未审定" in page
    assert "结束后才能公示" in page
    assert 'name="confirmed"' not in page
    with pytest.raises(TransitionNotAllowed, match="未审定"):
        publicity.publish_call(by=city_admin, call=call, starts_on=today, ends_on=today, contact="x")


def test_only_the_city_admin_publishes(client, reviewer, approved):
    call, _ = approved
    client.force_login(reviewer)
    assert client.post(reverse("reviews:publish", args=[call.pk]), _period()).status_code == 404
    call.refresh_from_db()
    assert call.published_at is None
