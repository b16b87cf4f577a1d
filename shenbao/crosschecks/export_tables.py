"""The conflicts export, built from parameters alone so the worker can build a large one
(registered in CrosschecksConfig.ready; shenbao.exports decides where it is built)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet

from shenbao.crosschecks import selectors
from shenbao.crosschecks.forms import ConflictFilterForm
from shenbao.crosschecks.models import CrossFinding
from shenbao.exports import Table

CONFLICTS = "cross_conflicts"


def filtered_conflicts(query: Mapping[str, Any]) -> tuple[ConflictFilterForm, QuerySet[CrossFinding]]:
    """The conflicts the city admin's page shows for this query string (all when it filters nothing)."""
    form = ConflictFilterForm(query or None)
    data = form.cleaned_data if form.is_valid() else {}
    found = selectors.conflicts(
        authority=data.get("authority"), call=data.get("call"), code=data.get("code") or ""
    )
    return form, found


def conflict_tables(params: Mapping[str, Any]) -> list[Table]:
    _, found = filtered_conflicts(params["query"])
    table = Table(
        title="跨单位核查结果",
        headers=selectors.CONFLICT_HEADERS,
        rows=(selectors.conflict_line(finding) for finding in found.iterator(chunk_size=2000)),
        sheet_name="核查结果",
        widths=(12, 10, 18, 28, 6, 10, 22, 16, 60),
    )
    return [table]
