"""Enterprise names as people write them, matched to registered enterprises."""

from __future__ import annotations

import pytest

from shenbao.domain.enterprise_names import (
    Enterprise,
    EnterpriseRegistry,
    MatchOutcome,
    normalise_enterprise_name,
)


@pytest.mark.parametrize(
    ("written", "registered"),
    [
        ("微软（上海）有限公司", "微软(上海)有限公司"),
        ("微软 (上海) 有限公司", "微软（上海）有限公司"),
        ("微软(上海)有限责任公司", "微软（上海）有限公司"),
        ("上海微软有限公司", "微软（上海）有限公司"),
        ("上海市微软有限公司", "微软有限公司"),
        ("ＩＢＭ（中国）有限公司", "IBM(中国)有限公司"),
        ("ibm(中国)有限公司", "IBM（中国）有限公司"),
        ("\u3000华信软件\u00a0有限公司 ", "华信软件有限公司"),
        ("【上海】华信软件有限公司", "华信软件有限公司"),
    ],
)
def test_spellings_of_one_enterprise_share_a_normal_form(written: str, registered: str) -> None:
    assert normalise_enterprise_name(written) == normalise_enterprise_name(registered)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("微软(北京)有限公司", "微软(上海)有限公司"),
        ("华信软件股份有限公司", "华信软件有限公司"),
        ("华信软件有限公司", "华信科技有限公司"),
    ],
)
def test_different_enterprises_keep_different_normal_forms(one: str, other: str) -> None:
    assert normalise_enterprise_name(one) != normalise_enterprise_name(other)


def test_blank_name_has_an_empty_normal_form() -> None:
    assert normalise_enterprise_name(" \u3000 ") == ""


REGISTRY = EnterpriseRegistry(
    [
        Enterprise(1, "微软（上海）有限公司"),
        Enterprise(2, "上海华信软件有限公司"),
        Enterprise(3, "华信软件(上海)有限公司"),
        Enterprise(4, "东方数据服务有限公司"),
    ]
)


def test_a_name_written_differently_matches_its_registered_enterprise() -> None:
    match = REGISTRY.match("微软(上海)有限责任公司")
    assert match.outcome is MatchOutcome.MATCHED
    assert match.enterprise == Enterprise(1, "微软（上海）有限公司")


def test_a_name_two_enterprises_share_is_ambiguous_and_names_both() -> None:
    match = REGISTRY.match("华信软件有限公司")
    assert match.outcome is MatchOutcome.AMBIGUOUS
    assert match.enterprise is None
    assert set(match.candidates) == {"上海华信软件有限公司", "华信软件(上海)有限公司"}


def test_an_unknown_name_offers_the_closest_registered_names() -> None:
    match = REGISTRY.match("东方数据服务科技有限公司")
    assert match.outcome is MatchOutcome.NOT_FOUND
    assert match.candidates[0] == "东方数据服务有限公司"


def test_an_unknown_name_far_from_everything_offers_no_candidates() -> None:
    match = REGISTRY.match("完全不同的名字集团")
    assert match.outcome is MatchOutcome.NOT_FOUND
    assert match.candidates == ()


def test_a_blank_name_is_not_matched() -> None:
    assert REGISTRY.match("  ").outcome is MatchOutcome.BLANK
