"""The catalog text and the self-check: public, and the self-check stores nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from shenbao.domain.catalog import assess, load_edition, parse_figures

pytestmark = pytest.mark.django_db

EDITION = load_edition("2016")


def post_figures(client: Client, **overrides: object):  # type: ignore[no-untyped-def]
    data: dict[str, object] = {
        "edition": "2016",
        "revenue_usd": "",
        "offshore_revenue_usd": "",
        "source": "self",
    }
    data.update(overrides)
    return client.post(reverse("catalog:self_check"), data)


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_catalog_text_is_public_and_shows_the_whole_attachment(client: Client) -> None:
    response = client.get(reverse("catalog:text"))
    assert response.status_code == 200
    text = response.content.decode()
    assert EDITION.title in text
    assert EDITION.preamble[0][:30] in text
    for test in EDITION.listing_tests:
        assert test.text in text
    for category in EDITION.categories:
        assert category.scope in text
        for sub in category.subcategories:
            assert sub.name in text
            assert sub.items[0] in text
        for paragraph in category.cultivation_paragraphs:
            assert paragraph in text
    for field in EDITION.potential_fields:
        assert field.name in text and field.scope in text


def test_catalog_text_ignores_an_unknown_edition_in_the_query(client: Client) -> None:
    response = client.get(reverse("catalog:text"), {"edition": "1999"})
    assert response.status_code == 200
    assert EDITION.title in response.content.decode()


def test_self_check_form_is_public_with_a_label_on_every_field(client: Client) -> None:
    response = client.get(reverse("catalog:self_check"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "2015 年" in text
    for label in [
        "服务外包业务额（美元）",
        "ITO（信息技术外包）出口额（美元）",
        "员工总数",
        "数据分析服务",
        "数据来源",
    ]:
        assert label in text


def test_exactly_half_a_million_with_half_offshore_is_listed_by_test_one(client: Client) -> None:
    response = post_figures(client, revenue_usd="500,000", offshore_revenue_usd="250000")
    decision = response.context["decision"]
    assert decision.listed is True
    assert decision.tests_met == [1]
    assert decision.provisional is True
    text = response.content.decode()
    assert "列入指导目录" in text and "临时结论" in text


def test_one_cent_below_half_a_million_is_not_listed(client: Client) -> None:
    response = post_figures(client, revenue_usd="499999.99", offshore_revenue_usd="499999.99")
    decision = response.context["decision"]
    assert decision.listed is False
    assert decision.tests_met == []
    assert "未列入指导目录" in response.content.decode()


def test_self_check_gives_the_domain_decision_with_qualitative_answers(client: Client) -> None:
    response = post_figures(
        client,
        name="甲软件有限公司",
        revenue_usd="5200000",
        offshore_revenue_usd="1900000",
        export_ito="1200000",
        staff="320",
        staff_college="250",
        categories=["ITO"],
        certifications_ito="CMMI3",
        contracts_ito="yes",
        source="statistics",
    )
    expected = assess(
        parse_figures(
            {
                "name": "甲软件有限公司",
                "data_year": 2015,
                "revenue_usd": "5200000",
                "offshore_revenue_usd": "1900000",
                "export_usd": {"ITO": "1200000"},
                "staff": 320,
                "staff_college": 250,
                "certifications": {"ITO": ["CMMI3"]},
                "long_term_contracts": {"ITO": True},
                "categories": ["ITO"],
                "source": "statistics",
            }
        ),
        EDITION,
    )
    decision = response.context["decision"]
    assert decision == expected
    assert decision.tests_met == [2]  # 36.5% offshore: below test 1's 50%
    assert decision.key_cultivation["ITO"] == "district"
    assert decision.provisional is False
    text = response.content.decode()
    assert "区县重点培育" in text
    for line in expected.explanation:
        assert escape(line) in text


def test_self_check_reports_unknown_conditions_when_left_blank(client: Client) -> None:
    response = post_figures(
        client, revenue_usd="20000000", offshore_revenue_usd="5000000", export_kpo="5000000"
    )
    decision = response.context["decision"]
    assert decision.tests_met == [3]
    kpo = next(c for c in decision.categories if c.code == "KPO")
    assert kpo.export_tier == "national"
    assert kpo.key_cultivation is None
    assert {condition.status for condition in kpo.conditions} == {"unknown"}
    assert "未知" in response.content.decode()


def test_self_check_stores_nothing_and_sets_no_session_cookie(client: Client) -> None:
    before = row_counts()
    response = post_figures(
        client, revenue_usd="5200000", offshore_revenue_usd="1900000", categories=["ITO", "BPO"]
    )
    assert response.status_code == 200 and response.context["decision"] is not None
    post_figures(client, revenue_usd="-1", offshore_revenue_usd="0")
    assert row_counts() == before
    assert "sessionid" not in response.cookies
    assert "sessionid" not in client.cookies


def test_offshore_above_revenue_is_an_error_on_that_field_keeping_what_was_typed(client: Client) -> None:
    response = post_figures(client, revenue_usd="100000", offshore_revenue_usd="200000")
    form = response.context["form"]
    assert response.context["decision"] is None
    assert "境外最终客户业务额" in form.errors["offshore_revenue_usd"][0]
    text = response.content.decode()
    assert 'value="200000"' in text and 'value="100000"' in text


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("revenue_usd", "abc", "不是有效的金额"),
        ("revenue_usd", "-5", "不能为负数"),
        ("export_bpo", "1.2.3", "不是有效的金额"),
        ("staff", "三百", "非负整数"),
        ("revenue_usd", "100.001", "两位小数"),
    ],
)
def test_bad_figures_show_a_chinese_error_on_the_field(
    client: Client, field: str, value: str, words: str
) -> None:
    data = {"revenue_usd": "1000000", "offshore_revenue_usd": "0", field: value}
    response = post_figures(client, **data)
    assert words in response.context["form"].errors[field][0]


def test_college_staff_above_staff_is_an_error_on_college_staff(client: Client) -> None:
    response = post_figures(
        client, revenue_usd="1000000", offshore_revenue_usd="0", staff="10", staff_college="11"
    )
    assert "多于员工总数" in response.context["form"].errors["staff_college"][0]


def test_a_missing_revenue_is_required(client: Client) -> None:
    response = post_figures(client, offshore_revenue_usd="0")
    assert response.context["form"].errors["revenue_usd"] == ["请填写金额（美元）"]


def test_htmx_post_gets_the_partial_with_the_result(client: Client) -> None:
    response = client.post(
        reverse("catalog:self_check"),
        {"edition": "2016", "revenue_usd": "500000", "offshore_revenue_usd": "250000", "source": "self"},
        headers={"HX-Request": "true"},
    )
    text = response.content.decode()
    assert "<html" not in text
    assert 'id="self-check"' in text and "判定结果" in text
    assert response.context["decision"].tests_met == [1]


def test_amounts_are_decimals_never_floats(client: Client) -> None:
    response = post_figures(client, revenue_usd="500000.10", offshore_revenue_usd="250000.05")
    decision = response.context["decision"]
    assert decision.tests[0].revenue_usd == Decimal("500000.10")
    assert decision.tests_met == [1]
