"""What the applicant's pages share: the own application (404 otherwise), the flow's offers, the columns."""

from __future__ import annotations

from django.http import HttpRequest

from shenbao.accounts.access import current_user
from shenbao.applications import selectors
from shenbao.applications.facts import RosterCounts, application_facts, today
from shenbao.applications.models import Application
from shenbao.applications.offers import ShownOffer, shown_offers
from shenbao.domain.roster import ROSTER_COLUMNS, RosterKind
from shenbao.domain.workflow import Action, Actor


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def own_application(request: HttpRequest, pk: int) -> Application:
    return selectors.get_visible_application(current_user(request), pk)


def offers_for(application: Application, counts: RosterCounts | None = None) -> dict[str, ShownOffer]:
    """What the flow offers the applicant on this application now (``counts``: the roster's, if just read)."""
    return shown_offers(application_facts(application, counts), Actor.APPLICANT, today())


def is_allowed(offers: dict[str, ShownOffer], action: Action) -> bool:
    offer = offers.get(action.value)
    return offer is not None and offer.is_allowed


def columns_of(application: Application) -> list[str]:
    return [c.name for c in ROSTER_COLUMNS[RosterKind(application.kind)] if c.name != "序号"]
