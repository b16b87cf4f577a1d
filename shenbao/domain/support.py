"""Support standards and amounts: eligible persons × the call's per-person standard."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from functools import cache
from pathlib import Path

POLICY_FILE = Path(__file__).parent / "policy" / "support.toml"


@cache
def ceilings() -> dict[str, Decimal]:
    """Per-person ceilings by roster kind ("employees", "trainees"), from the policy file."""
    data = tomllib.loads(POLICY_FILE.read_text(encoding="utf-8"))
    return {kind: Decimal(str(entry["ceiling_rmb"])) for kind, entry in data.items()}


def amount_due(eligible_persons: int, standard: Decimal) -> Decimal:
    if eligible_persons < 0:
        raise ValueError("eligible_persons must not be negative")
    return (standard * eligible_persons).quantize(Decimal("0.01"))
