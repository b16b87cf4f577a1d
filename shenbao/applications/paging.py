"""Pages of one application's roster in row-number order that stay fast at the last page.

``ORDER BY number LIMIT 50 OFFSET 99950`` makes PostgreSQL read and sort all 100,000 rows (≈0.5 s,
spilling to disk; bench/pages.py). The page's first row number is found instead through the
(application, number) index alone, and the page is read from there: the same rows, since row
numbers are unique within an application.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from shenbao.applications.models import RosterRow


class RosterPaginator(Paginator[RosterRow]):
    def page(self, number: Any) -> Page[RosterRow]:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = self.object_list
        if bottom == 0 or not isinstance(rows, QuerySet) or tuple(rows.query.order_by) != ("number",):
            return super().page(number)  # the first page, or another order (by name): plain LIMIT/OFFSET
        first = next(iter(rows.values_list("number", flat=True)[bottom : bottom + 1]), None)
        if first is None:  # rows removed since they were counted (a new upload): the plain page
            return super().page(number)
        return Page(rows.filter(number__gte=first)[: self.per_page], number, self)
