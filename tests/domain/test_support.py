"""Support standards from the policy file and the amount due for a number of eligible persons."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shenbao.domain.support import amount_due, ceilings


def test_the_ceilings_are_read_from_the_policy_file_as_exact_decimals() -> None:
    assert ceilings() == {"employees": Decimal("4500"), "trainees": Decimal("500")}
    assert all(isinstance(value, Decimal) for value in ceilings().values())


@pytest.mark.parametrize(
    ("persons", "standard", "due"),
    [
        (1, Decimal("4500"), Decimal("4500.00")),
        (3, Decimal("4500"), Decimal("13500.00")),
        (120, Decimal("500"), Decimal("60000.00")),
        (3, Decimal("0.10"), Decimal("0.30")),
        (7, Decimal("333.33"), Decimal("2333.31")),
        (100_000, Decimal("4500"), Decimal("450000000.00")),
        (0, Decimal("4500"), Decimal("0.00")),
    ],
)
def test_the_amount_due_is_the_persons_times_the_standard_to_the_fen(
    persons: int, standard: Decimal, due: Decimal
) -> None:
    amount = amount_due(persons, standard)
    assert amount == due
    assert amount.as_tuple().exponent == -2


def test_an_amount_is_exact_where_binary_floating_point_is_not() -> None:
    # 3 × 0.1 is 0.30000000000000004 in floats; money must not drift.
    assert str(amount_due(3, Decimal("0.1"))) == "0.30"


def test_no_eligible_persons_means_nothing_is_due() -> None:
    assert amount_due(0, ceilings()["employees"]) == Decimal("0")


def test_a_negative_number_of_persons_is_refused() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        amount_due(-1, Decimal("4500"))
