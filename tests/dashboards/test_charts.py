"""The SVG bar chart: well-formed, accessible, escaped, proportional, no inline styles."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

from shenbao.dashboards.charts import bar_chart, format_number, text_width

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_chart_is_well_formed_svg_labelled_as_an_image() -> None:
    root = parse(bar_chart([("浦东", 30), ("徐汇", 15)], title="各区申报人数", unit=" 人"))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "各区申报人数"
    assert root.get("aria-labelledby") == title.get("id")
    assert len(root.findall(f".//{SVG}rect")) == 2
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["浦东", "30 人", "徐汇", "15 人"]


def test_chart_uses_no_inline_style_attributes() -> None:
    root = parse(bar_chart([("浦东", 1)], title="t"))
    assert all("style" not in element.attrib for element in root.iter())


def test_bars_are_proportional_to_their_values() -> None:
    root = parse(bar_chart([("甲", 100), ("乙", 50), ("丙", 0)], title="t"))
    widths = [float(rect.get("width", "0")) for rect in root.iter(f"{SVG}rect")]
    assert widths[0] > 0 and abs(widths[1] - widths[0] / 2) < 0.2 and widths[2] == 0


def test_labels_are_escaped() -> None:
    root = parse(bar_chart([("A & B <公司>", 1)], title="<标题> & 说明", description="d & e"))
    assert root.find(f"{SVG}title").text == "<标题> & 说明"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "d & e"  # type: ignore[union-attr]
    assert next(root.iter(f"{SVG}text")).text == "A & B <公司>"


def test_each_bar_has_a_tooltip_with_its_value() -> None:
    root = parse(bar_chart([("浦东", Decimal("4500.00"))], title="金额", unit=" 元"))
    group = root.find(f"{SVG}g")
    assert group is not None and group.find(f"{SVG}title").text == "浦东：4,500 元"  # type: ignore[union-attr]


def test_empty_chart_says_there_is_no_data() -> None:
    root = parse(bar_chart([], title="空"))
    assert [t.text for t in root.iter(f"{SVG}text")] == ["暂无数据"]
    assert not root.findall(f".//{SVG}rect")


def test_all_zero_values_draw_empty_bars() -> None:
    root = parse(bar_chart([("甲", 0), ("乙", 0)], title="t"))
    assert [rect.get("width") for rect in root.iter(f"{SVG}rect")] == ["0.0", "0.0"]


def test_two_charts_on_one_page_have_distinct_title_ids() -> None:
    first = parse(bar_chart([("a", 1)], title="一")).find(f"{SVG}title")
    second = parse(bar_chart([("a", 1)], title="二")).find(f"{SVG}title")
    assert first is not None and second is not None and first.get("id") != second.get("id")


def test_numbers_are_grouped_and_money_keeps_cents_only_when_needed() -> None:
    assert format_number(1234567) == "1,234,567"
    assert format_number(Decimal("4500.00")) == "4,500"
    assert format_number(Decimal("4500.5")) == "4,500.50"
    assert format_number(2.5) == "2.50"


def test_chinese_characters_count_as_wide() -> None:
    assert text_width("浦东") == 2 * text_width("A") / 0.6
