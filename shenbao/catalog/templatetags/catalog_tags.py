"""Display helpers for catalog decisions: tier and condition status labels, amounts in USD."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext

from shenbao.domain.catalog import STATUS_LABELS, TIER_LABELS, Status, Tier

register = template.Library()


@register.filter
def tier_label(tier: Tier | None) -> str:
    return gettext("未达到") if tier is None else gettext(TIER_LABELS[Tier(tier)])


@register.filter
def status_label(status: Status) -> str:
    return gettext(STATUS_LABELS[Status(status)])


@register.filter
def usd(amount: Decimal | str | None) -> str:
    if amount is None or amount == "":
        return ""
    value = Decimal(amount)
    return f"{value.quantize(Decimal(1)) if value == value.to_integral_value() else value:,f}"
