"""The catalog edition loader, the figures parser and the explanations (cases live in the case files)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from shenbao.domain.catalog import (
    EDITIONS_DIR,
    ConditionKind,
    EditionError,
    FiguresError,
    FigureSource,
    Status,
    Tier,
    UnknownEdition,
    assess,
    list_editions,
    load_edition,
    load_edition_file,
    parse_amount,
    parse_figures,
)

SOURCE_TEXT = Path(__file__).resolve().parents[3] / "shared" / "source" / "000_831a789fbfee3ffe.txt"
EDITION_2016 = (EDITIONS_DIR / "2016.toml").read_text(encoding="utf-8")


def figures(**changes: Any) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "name": "示例企业",
        "data_year": 2015,
        "revenue_usd": "5200000",
        "offshore_revenue_usd": "1900000",
        "export_usd": {"ITO": "1200000", "BPO": "0", "KPO": "0"},
        "staff": 320,
        "staff_college": 250,
        "certifications": {"ITO": ["CMMI3"]},
        "long_term_contracts": True,
        "categories": ["ITO"],
        "potential_fields": [],
        "source": "statistics",
    }
    obj.update(changes)
    return obj


def write_edition(tmp_path: Path, text: str, code: str = "2016") -> Path:
    path = tmp_path / f"{code}.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- the 2016 edition as shipped ----------------------------------------------------------


def test_the_2016_edition_ships_and_applies_to_2015_data() -> None:
    assert "2016" in list_editions()
    edition = load_edition("2016")
    assert edition.data_year == 2015
    assert edition.title == "上海市服务外包产业重点发展领域指导目录（2016年版）"
    assert edition.category_codes == ("ITO", "BPO", "KPO")
    assert edition.potential_field_names == ("数据分析服务", "基因测序服务")


def test_the_2016_listing_tests_and_tiers_are_those_of_the_attachment() -> None:
    edition = load_edition("2016")
    assert [(t.min_revenue_usd, t.min_offshore_percent) for t in edition.listing_tests] == [
        (Decimal(500_000), Decimal(50)),
        (Decimal(5_000_000), Decimal(35)),
        (Decimal(10_000_000), Decimal(20)),
    ]
    tiers = {c.code: [(t.tier, t.min_export_usd) for t in c.tiers] for c in edition.categories}
    assert tiers == {
        "ITO": [(Tier.NATIONAL, 10_000_000), (Tier.MUNICIPAL, 5_000_000), (Tier.DISTRICT, 1_000_000)],
        "BPO": [(Tier.NATIONAL, 5_000_000), (Tier.MUNICIPAL, 3_000_000), (Tier.DISTRICT, 500_000)],
        "KPO": [(Tier.NATIONAL, 5_000_000), (Tier.MUNICIPAL, 2_000_000), (Tier.DISTRICT, 500_000)],
    }


def test_only_bpo_and_kpo_require_contracts_of_at_least_one_year() -> None:
    edition = load_edition("2016")
    years = {
        c.code: next(
            k.min_contract_years for k in c.conditions if k.kind is ConditionKind.LONG_TERM_CONTRACTS
        )
        for c in edition.categories
    }
    assert years == {"ITO": None, "BPO": 1, "KPO": 1}


def test_every_subcategory_and_item_appears_word_for_word_in_its_scope_paragraph() -> None:
    edition = load_edition("2016")
    count = 0
    for category in edition.categories:
        assert len(category.subcategories) == 3
        for subcategory in category.subcategories:
            assert f"{subcategory.name}包括" in category.scope
            for item in subcategory.items:
                assert item in category.scope, item
                count += 1
    assert count == 12 + 11 + 12


@pytest.mark.skipif(
    not SOURCE_TEXT.exists(), reason="the shared source text is not checked out beside the repo"
)
def test_every_text_of_the_2016_edition_is_a_paragraph_of_the_source_document() -> None:
    paragraphs = {line.strip() for line in SOURCE_TEXT.read_text(encoding="utf-8").splitlines()}
    edition = load_edition("2016")
    texts = [edition.title, edition.basis_text, *edition.preamble, edition.potential_heading]
    texts += [test.text for test in edition.listing_tests]
    for category in edition.categories:
        texts += [category.heading, category.scope, category.goals, category.key_cultivation_text]
        texts += [condition.text for condition in category.conditions]
    for field in edition.potential_fields:
        texts += [field.name, field.scope, field.goals]
    missing = [text for text in texts if text not in paragraphs]
    assert not missing


def test_every_value_of_the_2016_edition_cites_a_paragraph_of_attachment_5() -> None:
    edition = load_edition("2016")
    sources = [edition.basis_source, edition.potential_source]
    sources += [test.source for test in edition.listing_tests]
    for category in edition.categories:
        sources += [category.source, category.key_cultivation_source]
        sources += [s.source for s in category.subcategories]
        sources += [c.source for c in category.conditions]
        sources += [t.source for t in category.tiers]
    sources += [f.source for f in edition.potential_fields]
    assert all(source.startswith("附件5 ") for source in sources)
    assert [t.source for t in edition.listing_tests] == [
        "附件5 列入标准（1）",
        "附件5 列入标准（2）",
        "附件5 列入标准（3）",
    ]


def test_an_unknown_edition_code_is_refused_naming_the_editions_that_exist() -> None:
    with pytest.raises(UnknownEdition, match="2016"):
        load_edition("1999")


# --- malformed edition files ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("min_revenue_usd = 500_000", "min_revenue_usd = 500000.0", "listing_tests[0].min_revenue_usd"),
        ("min_revenue_usd = 500_000", "min_revenue_usd = -1", "listing_tests[0].min_revenue_usd"),
        ("min_revenue_usd = 500_000", 'min_revenue_usd = "fifty"', "listing_tests[0].min_revenue_usd"),
        ("min_offshore_percent = 50", "min_offshore_percent = 150", "listing_tests[0].min_offshore_percent"),
        ("number = 2", "number = 4", "listing_tests"),
        ('tier = "municipal"', 'tier = "provincial"', "categories[0].key_cultivation.tiers[1].tier"),
        ("min_export_usd = 5_000_000", "min_export_usd = 50_000_000", "categories[0].key_cultivation.tiers"),
        ('kind = "certification"', 'kind = "iso"', "categories[0].conditions[2].kind"),
        ('kind = "engaged"', 'kind = "certification"', "categories[0].conditions"),
        ("data_year = 2015", 'data_year = "2015"', "data_year"),
        ('code = "2016"', 'code = "2017"', "code"),
        ('code = "BPO"', 'code = "ITO"', "categories"),
        ('short_title = "指导目录"', 'short_title = ""', "short_title"),
        ('short_title = "指导目录"', 'short_titel = "指导目录"', "short_title"),
        ('heading = "一、信息技术外包"', 'heading = "一、信息技术外包"\nnote = "x"', "categories[0].note"),
        (
            "min_percent = 50",
            "min_percent = 50\nmin_contract_years = 1",
            "categories[0].conditions[3].min_contract_years",
        ),
    ],
)
def test_a_malformed_edition_file_is_refused_naming_the_file_and_the_field(
    tmp_path: Path, old: str, new: str, field: str
) -> None:
    assert old in EDITION_2016
    path = write_edition(tmp_path, EDITION_2016.replace(old, new, 1))
    with pytest.raises(EditionError) as raised:
        load_edition_file(path)
    assert raised.value.file == "2016.toml"
    assert raised.value.field == field
    assert str(raised.value).startswith(f"2016.toml: {field}: ")


def test_an_edition_file_that_is_not_toml_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = write_edition(tmp_path, 'code = "2016"\ntitle = \n')
    with pytest.raises(EditionError, match=r"^2016\.toml: \(文件\): 不是有效的 TOML"):
        load_edition_file(path)


def test_a_college_share_condition_without_its_percentage_is_refused(tmp_path: Path) -> None:
    path = write_edition(tmp_path, EDITION_2016.replace("min_percent = 50\n", "", 1))
    with pytest.raises(EditionError) as raised:
        load_edition_file(path)
    assert raised.value.field == "categories[0].conditions[3].min_percent"


def test_a_copy_of_an_edition_under_another_code_loads_when_its_code_matches(tmp_path: Path) -> None:
    path = write_edition(tmp_path, EDITION_2016.replace('code = "2016"', 'code = "2017"', 1), code="2017")
    assert load_edition_file(path).code == "2017"
    assert list_editions(tmp_path) == ["2017"]


# --- parsing figures ---------------------------------------------------------------------------


def test_amounts_are_decimals_from_strings_numbers_and_full_width_digits() -> None:
    parsed = parse_figures(figures(revenue_usd="５,２００,０００.10", offshore_revenue_usd=1900000))
    assert parsed.revenue_usd == Decimal("5200000.10")
    assert parsed.offshore_revenue_usd == Decimal(1900000)
    assert parse_amount(0.1, "x") == Decimal("0.1")  # not 0.1000000000000000055…
    assert parse_amount(Decimal("0.30"), "x") == Decimal("0.30")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"revenue_usd": "-5"}, "revenue_usd"),
        ({"revenue_usd": "abc"}, "revenue_usd"),
        ({"revenue_usd": "NaN"}, "revenue_usd"),
        ({"revenue_usd": True}, "revenue_usd"),
        ({"revenue_usd": None}, "revenue_usd"),
        ({"offshore_revenue_usd": "5200000.01"}, "offshore_revenue_usd"),
        ({"export_usd": {"BPO": "-1"}}, "export_usd.BPO"),
        ({"export_usd": ["1"]}, "export_usd"),
        ({"staff": -1}, "staff"),
        ({"staff": 1.5}, "staff"),
        ({"staff_college": 321}, "staff_college"),
        ({"data_year": "二〇一五"}, "data_year"),
        ({"certifications": "CMMI3"}, "certifications"),
        ({"certifications": {"ITO": [""]}}, "certifications.ITO[0]"),
        ({"long_term_contracts": "yes"}, "long_term_contracts"),
        ({"categories": [1]}, "categories[0]"),
        ({"source": "bank"}, "source"),
        ({"revenue": "1"}, "revenue"),
        ({"name": 5}, "name"),
    ],
)
def test_malformed_figures_are_refused_naming_the_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(FiguresError) as raised:
        parse_figures(figures(**changes))
    assert raised.value.field == field
    assert re.search(r"[\u4e00-\u9fff]", raised.value.message), "the message is in Chinese"


def test_a_missing_amount_or_data_year_is_refused() -> None:
    for key in ("revenue_usd", "offshore_revenue_usd", "data_year"):
        obj = figures()
        del obj[key]
        with pytest.raises(FiguresError) as raised:
            parse_figures(obj)
        assert raised.value.field == key


def test_the_edition_checks_the_data_year_categories_and_potential_fields() -> None:
    edition = load_edition("2016")
    with pytest.raises(FiguresError) as raised:
        parse_figures(figures(data_year=2016), edition)
    assert raised.value.field == "data_year"
    assert "2015" in raised.value.message
    with pytest.raises(FiguresError) as raised:
        parse_figures(figures(certifications={"XPO": ["ISO 9001"]}), edition)
    assert raised.value.field == "certifications.XPO"
    with pytest.raises(FiguresError) as raised:
        parse_figures(figures(long_term_contracts={"APO": True}), edition)
    assert raised.value.field == "long_term_contracts.APO"
    assert parse_figures(figures(categories=["ito"]), edition).categories == ("ITO",)


def test_missing_qualitative_fields_are_unknown_not_false() -> None:
    obj = figures()
    for key in ("staff", "staff_college", "certifications", "long_term_contracts", "categories", "source"):
        del obj[key]
    parsed = parse_figures(obj)
    assert parsed.is_engaged_in("ITO") is None
    assert parsed.certifications_in("ITO") is None
    assert parsed.has_long_term_contracts("BPO") is None
    assert parsed.staff is None
    assert parsed.source is FigureSource.SELF


def test_a_plain_certification_list_holds_in_every_declared_category_only() -> None:
    parsed = parse_figures(figures(certifications=["ISO 27001"], categories=["ITO", "KPO"]))
    assert parsed.certifications_in("ITO") == ("ISO 27001",)
    assert parsed.certifications_in("KPO") == ("ISO 27001",)
    assert parsed.certifications_in("BPO") == ()


# --- the decision and its explanation -----------------------------------------------------------


def test_the_decision_explains_the_edition_source_tests_categories_and_potential_fields() -> None:
    edition = load_edition("2016")
    result = assess(parse_figures(figures(source="self")), edition)
    lines = result.explanation
    assert "上海市服务外包产业重点发展领域指导目录（2016年版）" in lines[0]
    assert "2015" in lines[0] and "示例企业" in lines[0]
    assert "企业自报" in lines[1] and "临时结论" in lines[1]
    assert "5,200,000 美元" in lines[2] and "1,900,000 美元" in lines[2]
    assert lines[3].endswith("满足（附件5 列入标准（2））。")
    assert lines[5] == "结论：满足列入标准（2），列入《指导目录》。"
    assert lines[-1].startswith("潜力领域：未申报")
    assert all("\n" not in line and line for line in lines)
    # One line for each test, the conclusion, and per category: tier, four conditions, result.
    assert len(lines) == 2 + 3 + 1 + 3 * (1 + 4 + 1) + 1


def test_every_part_of_the_result_carries_its_own_explanation() -> None:
    result = assess(parse_figures(figures()), load_edition("2016"))
    assert all(test.explanation.startswith(f"列入标准（{test.number}）") for test in result.tests)
    for category in result.categories:
        assert category.tier_explanation.startswith(f"{category.name}（{category.code}）出口额")
        assert category.key_cultivation_explanation.startswith(f"{category.code} 重点培育")
        for condition in category.conditions:
            assert condition.explanation.startswith(f"{category.code} 条件「{condition.label}」")
            assert condition.source in condition.explanation


def test_the_json_form_has_the_agreed_keys_and_tier_values() -> None:
    result = assess(parse_figures(figures()), load_edition("2016")).to_json()
    assert {
        "name",
        "listed",
        "tests_met",
        "export_tier",
        "key_cultivation",
        "provisional",
        "explanation",
    } <= set(result)
    assert result["name"] == "示例企业"
    assert result["listed"] is True
    assert result["tests_met"] == [2]
    assert result["export_tier"] == {"ITO": "district", "BPO": None, "KPO": None}
    assert result["key_cultivation"] == {"ITO": "district", "BPO": None, "KPO": None}
    assert result["provisional"] is False
    assert result["conditions"]["ITO"] == {  # type: ignore[index]
        "engaged": "met",
        "long_term_contracts": "met",
        "certification": "met",
        "college_share": "met",
    }


def test_a_share_that_is_not_a_round_percentage_is_shown_truncated_and_marked_approximate() -> None:
    result = assess(
        parse_figures(figures(revenue_usd="3000000", offshore_revenue_usd="1999999")), load_edition("2016")
    )
    assert result.tests[0].holds is True  # 66.67% ≥ 50%
    assert "占约 66.66%" in result.tests[0].explanation


def test_the_assessment_refuses_figures_for_another_data_year() -> None:
    parsed = parse_figures(figures(data_year=2014))
    with pytest.raises(FiguresError) as raised:
        assess(parsed, load_edition("2016"))
    assert raised.value.field == "data_year"


def test_conditions_are_reported_even_when_the_enterprise_is_not_listed() -> None:
    result = assess(parse_figures(figures(offshore_revenue_usd="0")), load_edition("2016"))
    assert result.listed is False
    ito = result.categories[0]
    assert ito.export_tier is Tier.DISTRICT
    assert ito.key_cultivation is None
    assert ito.are_conditions_met
    assert [c.status for c in ito.conditions] == [Status.MET] * 4


def test_the_cultivation_paragraphs_come_back_in_the_attachments_order() -> None:
    for category in load_edition("2016").categories:
        paragraphs = category.cultivation_paragraphs
        assert [re.match(r"\s*(\d)", text).group(1) for text in paragraphs] == ["1", "2", "3", "4", "5"]  # type: ignore[union-attr]
        assert paragraphs[3] == category.key_cultivation_text
