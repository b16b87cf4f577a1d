"""Facts for the tests of the one decision: an application and a call where every check holds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from shenbao.domain.flow import ApplicationFacts, CallFacts, CatalogStanding
from shenbao.domain.roster_columns import RosterKind
from shenbao.domain.workflow import Action, Status

ON = date(2026, 11, 20)
CALL = CallFacts(year=2026, opens_on=date(2026, 10, 1), closes_on=date(2026, 11, 30), published=True)

# Facts under which every check of every application action holds.
READY = ApplicationFacts(
    status=Status.DRAFT,
    kind=RosterKind.EMPLOYEES,
    call=CALL,
    authority="浦东",
    persons=3,
    eligible_rows=3,
    paper_volumes_declared=2,
    paper_volumes_received=2,
    materials_complete=True,
    correction_deadline=ON + timedelta(days=10),
    catalog=CatalogStanding.LISTED,
    edition="2016",
    data_year=2015,
    standard=Decimal("4500.00"),
    approved_amount=Decimal("13500.00"),
)
# A withdrawal needs the review not to have started: nobody decided yet.
READY_FOR = {Action.WITHDRAW: replace(READY, eligible_rows=0, undecided_rows=3)}

CALL_READY_FOR = {
    Action.CREATE: replace(CALL, published=False),
    Action.PUBLISH: replace(CALL, published=False, approved=2, closes_on=ON - timedelta(days=1)),
}

DRAFT = READY
RETURNED = replace(READY, status=Status.RETURNED)
SUBMITTED = replace(READY, status=Status.SUBMITTED)
