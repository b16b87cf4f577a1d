"""The roster's pages by row number read from the index give the same persons as LIMIT/OFFSET."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator

from shenbao.applications.models import Application, RosterRow
from shenbao.applications.paging import RosterPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(application: Application) -> Application:
    # Row numbers with gaps (a removed total row, a sign-off), names not in row order.
    numbers = [2, 3, 5, 6, 7, 10, 11, 12, 15, 16, 17]
    RosterRow.objects.bulk_create(
        RosterRow(
            application=application,
            number=n,
            name=f"员工{(n * 7) % 13}",
            decision=RosterRow.Decision.ELIGIBLE if n % 3 else RosterRow.Decision.UNDECIDED,
        )
        for n in numbers
    )
    return application


def _pages(paginator: Paginator) -> list[list[int]]:
    return [[row.number for row in paginator.page(n)] for n in paginator.page_range]


@pytest.mark.parametrize(
    "shown",
    [
        lambda a: a.rows.order_by("number"),
        lambda a: a.rows.filter(decision=RosterRow.Decision.ELIGIBLE).order_by("number"),
        lambda a: a.rows.order_by("name", "number"),
    ],
    ids=["all", "filtered", "by name"],
)
def test_every_page_holds_the_same_persons_as_a_plain_offset(roster: Application, shown) -> None:  # type: ignore[no-untyped-def]
    rows = shown(roster)
    expected = _pages(Paginator(rows, 3))
    assert _pages(RosterPaginator(rows, 3)) == expected
    assert len(expected) > 2 and sum(map(len, expected)) == rows.count()


def test_a_page_out_of_range_is_the_last_page(roster: Application) -> None:
    page = RosterPaginator(roster.rows.order_by("number"), 4).get_page(99)
    assert (page.number, [row.number for row in page]) == (3, [15, 16, 17])


def test_rows_removed_after_the_count_give_the_plain_page_not_an_error(roster: Application) -> None:
    paginator = RosterPaginator(roster.rows.order_by("number"), 4)
    assert paginator.num_pages == 3  # counted: 11 rows
    roster.rows.filter(number__gte=10).delete()  # a new upload replaced the roster meanwhile
    assert list(paginator.page(3)) == []
