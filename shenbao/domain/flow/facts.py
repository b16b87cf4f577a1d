"""What the one decision looks at: an application's facts, a call's facts, and what a confirmation carries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from shenbao.domain.roster_columns import RosterKind
from shenbao.domain.workflow import Status


class CatalogStanding(StrEnum):
    """The catalog decision (附件5) for the call's data year, as far as the flow cares."""

    LISTED = "listed"
    NOT_LISTED = "not_listed"
    NO_FIGURES = "no_figures"  # no business figures for the data year: nothing to decide on
    NOT_REQUIRED = "not_required"  # institutions are not in the catalog


@dataclass(frozen=True, slots=True)
class CallFacts:
    """A call (申报批次): its dates and where its applications stand."""

    year: int
    opens_on: date
    closes_on: date
    reported_waiting: int = 0  # reported to the city, neither approved nor sent back yet
    approved: int = 0  # approved or paid
    published: bool = False  # the 公示 is out

    def is_open(self, on: date) -> bool:
        return self.opens_on <= on <= self.closes_on


@dataclass(frozen=True, slots=True)
class ApplicationFacts:
    """Everything about one application the decision reads; counts come from the stored roster."""

    status: Status
    kind: RosterKind
    call: CallFacts
    authority: str = ""  # the authority's name, for the sentences
    persons: int = 0
    error_rows: int = 0
    undecided_rows: int = 0
    eligible_rows: int = 0
    roster_checking: bool = False  # an uploaded roster is still being checked
    paper_volumes_declared: int | None = None
    paper_volumes_received: int | None = None
    materials_complete: bool | None = None
    organisation_confirmed: bool = True
    correction_deadline: date | None = None
    catalog: CatalogStanding = CatalogStanding.NOT_REQUIRED
    catalog_provisional: bool = False  # the decision rests on self-declared figures
    catalog_tests_met: tuple[int, ...] = ()
    edition: str = ""
    data_year: int | None = None
    standard: Decimal = Decimal("0.00")  # the call's support per eligible person for this kind
    approved_amount: Decimal | None = None
    paid_amount: Decimal | None = None

    @property
    def decided_rows(self) -> int:
        return self.persons - self.undecided_rows

    @property
    def volumes_differ(self) -> bool:
        """Paper volumes received ≠ declared (only once the receipt is recorded)."""
        received, declared = self.paper_volumes_received, self.paper_volumes_declared
        return received is not None and received != (declared or 0)

    @property
    def catalog_needs_override(self) -> bool:
        return self.catalog in (CatalogStanding.NOT_LISTED, CatalogStanding.NO_FIGURES)


@dataclass(frozen=True, slots=True)
class Given:
    """What a confirmation page carries with the action (only what the action needs is read)."""

    declaration: bool = False  # submit, resubmit: the persons were told
    reason: str = ""  # return (any general or row reason), reject, send back
    deadline: date | None = None  # return: the correction deadline
    override_reason: str = ""  # accept, approve an enterprise the catalog does not list
    volumes_acknowledged: bool = False  # accept with paper volumes received ≠ declared
    paid_on: date | None = None  # pay
    amount: Decimal | None = None
    voucher: str = ""
    publicity_starts_on: date | None = None  # publish
    publicity_ends_on: date | None = None
    contact: str = ""
