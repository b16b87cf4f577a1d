from __future__ import annotations

from django import template

from shenbao.crosschecks.selectors import VisibleFinding

register = template.Library()


@register.filter
def findings_of(found: dict[int, list[VisibleFinding]] | None, row_id: int) -> list[VisibleFinding]:
    """``cross_findings|findings_of:row.pk``: one row's findings from ``findings_for_rows``."""
    return (found or {}).get(row_id, [])
