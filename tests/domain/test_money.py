"""Money is Decimal and written one way: 121,500.00 元."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shenbao.domain.money import cents, per_person, yuan


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("121500"), "121,500.00 元"),
        (Decimal("4500.5"), "4,500.50 元"),
        (Decimal("0"), "0.00 元"),
        (Decimal("1234567.125"), "1,234,567.13 元"),
    ],
)
def test_an_amount_is_written_with_thousands_and_two_decimals(amount: Decimal, text: str) -> None:
    assert yuan(amount) == text


def test_rounding_is_half_up_to_the_fen() -> None:
    assert cents(Decimal("0.005")) == Decimal("0.01")
    assert cents(Decimal("2.675")) == Decimal("2.68")


def test_an_approved_amount_is_shared_exactly_by_its_persons() -> None:
    assert per_person(Decimal("13500.00"), 3) == Decimal("4500.00")
    assert per_person(Decimal("100.00"), 3) == Decimal("33.33")
    assert per_person(Decimal("100.00"), 0) == Decimal("0.00")
    assert isinstance(per_person(Decimal("1"), 1), Decimal)
