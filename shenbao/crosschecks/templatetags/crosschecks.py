from __future__ import annotations

from django import template

from shenbao.crosschecks.selectors import VisibleCrossCheck

register = template.Library()


@register.filter
def findings_of(found: dict[int, list[VisibleCrossCheck]] | None, row_id: int) -> list[VisibleCrossCheck]:
    """``cross_findings|findings_of:row.pk``: one row's findings from ``findings_for_rows``."""
    return (found or {}).get(row_id, [])
