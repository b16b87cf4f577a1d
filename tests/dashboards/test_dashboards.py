"""Dashboard figures add up, charts parse, and each role sees only its own scope."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from shenbao.dashboards import selectors
from shenbao.dashboards.context import applicant_dashboard, city_dashboard, reviewer_dashboard
from tests import factories
from tests.printing.builders import make_application, make_call

TODAY = date(2026, 3, 10)


@pytest.fixture
def filed(enterprise, institution_user):  # type: ignore[no-untyped-def]
    """Applications across three authorities, two kinds, two calls and several statuses."""
    call = make_call(2026)
    earlier = make_call(2025)
    huangpu = factories.make_organisation(number=16)
    pudong2 = factories.make_organisation(number=5)
    make_application(
        enterprise, call=call, status="approved", persons=10, eligible_persons=8, amount=Decimal("36000.00")
    )
    make_application(pudong2, call=call, status="submitted", persons=5)
    make_application(factories.make_organisation(number=5), call=call, status="draft", persons=7)
    make_application(factories.make_organisation(number=5), call=call, status="withdrawn", persons=2)
    make_application(huangpu, call=call, status="returned", persons=4)
    make_application(
        institution_user.organisation,
        call=call,
        status="paid",
        persons=20,
        eligible_persons=20,
        amount=Decimal("10000.50"),
    )
    make_application(
        enterprise, call=earlier, status="paid", persons=3, eligible_persons=3, amount=Decimal("13500")
    )
    return call


def _get(groups: list[selectors.Figures], label: str) -> selectors.Figures:
    return next(g for g in groups if g.label == label)


def test_authority_figures_count_persons_only_where_the_application_claims_them(filed) -> None:
    authorities = selectors.by_authority(filed)
    pudong = _get(authorities, "浦东")
    assert pudong.applications == 4
    assert pudong.persons == 15  # approved 10 + submitted 5; the draft and the withdrawn do not count
    assert pudong.eligible_persons == 8
    assert pudong.amount == Decimal("36000.00")
    assert pudong.by_status == {"approved": 1, "submitted": 1, "draft": 1, "withdrawn": 1}
    assert _get(authorities, "黄浦").persons == 4
    assert _get(authorities, "漕河泾").amount == Decimal("10000.50")
    assert _get(authorities, "青浦").applications == 0  # every authority of 附件1 is listed


def test_totals_agree_across_authorities_kinds_and_statuses(filed) -> None:
    total = selectors.total_of(selectors.by_authority(filed))
    assert (total.applications, total.persons, total.eligible_persons, total.amount) == (
        6,
        39,
        28,
        Decimal("46000.50"),
    )
    for groups in (selectors.by_kind(filed), selectors.by_status(filed)):
        other = selectors.total_of(groups)
        assert (other.applications, other.persons, other.eligible_persons, other.amount) == (
            total.applications,
            total.persons,
            total.eligible_persons,
            total.amount,
        )
    kinds = selectors.by_kind(filed)
    assert [g.persons for g in kinds] == [19, 20]


def test_figures_over_calls_cover_every_year(filed) -> None:
    calls = selectors.by_call()
    assert [g.label for g in calls] == ["2025年度", "2026年度"]
    assert calls[0].amount == Decimal("13500") and calls[0].persons == 3
    assert calls[1].applications == 6


def test_category_figures_come_from_the_catalog_decision(enterprise, filed) -> None:
    from shenbao.catalog.models import BusinessFigures

    BusinessFigures.objects.create(
        organisation=enterprise,
        data_year=2015,
        revenue_usd=Decimal("6000000"),
        offshore_revenue_usd=Decimal("5000000"),
        export_usd={"ITO": "2000000", "BPO": "0"},
        categories=["ITO"],
        source="statistics",
    )
    result = selectors.by_category(filed)
    assert result.available
    ito = next(g for g in result.groups if g.label.startswith("ITO"))
    bpo = next(g for g in result.groups if g.label.startswith("BPO"))
    assert (ito.enterprises, ito.persons) == (1, 10)
    assert bpo.enterprises == 0
    assert result.enterprises == 3 and result.assessed == 1
    assert "2 家尚未填报" in result.note


def test_category_chart_is_skipped_with_a_note_when_the_catalog_cannot_decide(filed, monkeypatch) -> None:
    import shenbao.catalog.selectors as catalog

    monkeypatch.delattr(catalog, "decision_for")
    monkeypatch.delattr(catalog, "decisions_for")
    result = selectors.by_category(filed)
    assert not result.available and "指导目录" in result.note


def test_city_dashboard_charts_parse_and_have_their_numbers_as_tables(filed, city_admin) -> None:
    context = city_dashboard(city_admin)
    assert context["call"] == filed
    charts = context["charts"]
    assert {c.key for c in charts} >= {
        "authority-persons",
        "authority-amount",
        "status",
        "kind",
        "calls",
        "category",
    }
    for chart in charts:
        root = ET.fromstring(str(chart.svg))
        assert root.get("role") == "img"
        assert chart.rows and len(chart.headers) == len(chart.rows[0])
    authority_rows = next(c for c in charts if c.key == "authority-persons").rows
    assert authority_rows[-1] == ["合计", "6", "39", "28", "46,000.50 元"]


def test_city_dashboard_page_for_an_earlier_call(filed, city_admin, client: Client) -> None:
    client.force_login(city_admin)
    response = client.get(reverse("dashboards:city") + "?year=2025")
    assert response.status_code == 200
    html = response.content.decode()
    assert "全市申报统计（2025年度）" in html
    assert "<details>" in html and "查看数据表" in html
    assert not re.search(r"\sstyle=", html)
    for svg in re.findall(r"<svg.*?</svg>", html, flags=re.S):
        ET.fromstring(svg)


@pytest.mark.parametrize("who", ["reviewer", "enterprise_user"])
def test_only_the_city_admin_sees_the_city_dashboard(who: str, request, client: Client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("dashboards:city")).status_code == 404
    with pytest.raises(Http404):
        city_dashboard(request.getfixturevalue(who))


def test_reviewer_dashboard_never_includes_other_authorities(reviewer, filed, client: Client) -> None:
    huangpu_org = factories.make_organisation(number=16, name="黄浦区某待审公司")
    make_application(huangpu_org, call=filed, status="submitted", persons=9)
    queue = reviewer_dashboard(reviewer, on=TODAY)["queue"]
    everything = queue.waiting + queue.to_report + queue.deadlines + queue.overdue
    assert everything and all(a.authority_id == reviewer.authority_id for a in everything)
    counts = {status: n for status, _label, n in queue.by_status}
    assert counts["submitted"] == 1 and counts["returned"] == 0
    client.force_login(reviewer)
    html = client.get(reverse("dashboards:reviewer")).content.decode()
    assert "黄浦区某待审公司" not in html


def test_reviewer_sees_correction_deadlines_coming_and_overdue(reviewer, enterprise) -> None:
    call = make_call(2026)
    soon = make_application(
        enterprise, call=call, status="returned", correction_deadline=TODAY + timedelta(days=3)
    )
    late = make_application(
        factories.make_organisation(number=5),
        call=call,
        status="returned",
        correction_deadline=TODAY - timedelta(days=1),
    )
    make_application(
        factories.make_organisation(number=5),
        call=call,
        status="returned",
        correction_deadline=TODAY + timedelta(days=60),
    )
    queue = reviewer_dashboard(reviewer, on=TODAY)["queue"]
    assert queue.deadlines == [soon]
    assert queue.overdue == [late]


def test_reviewer_page_shows_deadlines_as_chinese_dates(reviewer, enterprise, client: Client) -> None:
    make_application(
        enterprise,
        status="returned",
        correction_deadline=date.today() + timedelta(days=2),
    )
    client.force_login(reviewer)
    html = client.get(reverse("dashboards:reviewer")).content.decode()
    deadline = date.today() + timedelta(days=2)
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日前补正" in html


def test_reviewer_dashboard_links_each_application_number_to_its_review(
    reviewer, enterprise, client: Client
) -> None:  # type: ignore[no-untyped-def]
    call = make_call(2026)
    waiting = make_application(enterprise, call=call, status="submitted", persons=5)
    returned = make_application(
        factories.make_organisation(number=5),
        call=call,
        status="returned",
        correction_deadline=date.today() + timedelta(days=2),
    )
    accepted = make_application(factories.make_organisation(number=5), call=call, status="accepted")
    client.force_login(reviewer)
    html = client.get(reverse("dashboards:reviewer")).content.decode()
    for application in (waiting, returned, accepted):
        link = (
            f'<a href="{reverse("reviews:application", args=[application.pk])}">{application.reference}</a>'
        )
        assert link in html, application.status


def test_applicant_sees_each_application_with_its_next_step(enterprise_user, filed, client: Client) -> None:
    lines = applicant_dashboard(enterprise_user, on=TODAY)["applicant_lines"]
    assert [line.application.call.year for line in lines] == [2026, 2025]
    assert all(line.application.organisation_id == enterprise_user.organisation_id for line in lines)
    assert lines[0].status_label == "市级已审定"
    assert lines[0].next_step
    client.force_login(enterprise_user)
    html = client.get(reverse("dashboards:applicant")).content.decode()
    assert (
        "市级已审定" in html and reverse("printing:application_pdf", args=[lines[0].application.pk]) in html
    )


def test_applicant_never_sees_another_organisations_applications(other_enterprise_user, filed) -> None:
    lines = applicant_dashboard(other_enterprise_user, on=TODAY)["applicant_lines"]
    assert lines == []
