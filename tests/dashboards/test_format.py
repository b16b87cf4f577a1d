"""The zh_date filter: ISO text and dates in the Chinese form, everything else untouched."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.template import Context, Template

from shenbao.dashboards.templatetags.shenbao_format import zh_date


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2025-09-02", "2025年9月2日"),
        (" 2026-03-01 ", "2026年3月1日"),
        (date(2016, 3, 1), "2016年3月1日"),
        ("2025-13-01", "2025-13-01"),
        ("2025/9/2", "2025/9/2"),
        ("", ""),
        (None, None),
        (42, 42),
    ],
)
def test_zh_date_writes_iso_dates_the_chinese_way_and_leaves_the_rest(value: object, shown: object) -> None:
    assert zh_date(value) == shown


def test_zh_date_leaves_moments_to_the_date_filter() -> None:
    moment = datetime(2026, 3, 1, 9, 30)
    assert zh_date(moment) is moment


def test_zh_date_loads_in_a_template() -> None:
    rendered = Template("{% load shenbao_format %}{{ d|zh_date }}").render(Context({"d": "2025-09-02"}))
    assert rendered == "2025年9月2日"
