"""Money in yuan: Decimal throughout, written one way (121,500.00 元)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def cents(amount: Decimal) -> Decimal:
    """Rounded to the fen, half up as a finance office rounds."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def yuan(amount: Decimal) -> str:
    """121500 → ``121,500.00 元``: the only way the system writes an amount of money."""
    return f"{cents(amount):,.2f} 元"


def per_person(amount: Decimal, persons: int) -> Decimal:
    """An approved amount shared by the persons it was fixed for (amount = persons × standard)."""
    if persons <= 0:
        return Decimal("0.00")
    return cents(amount / persons)
