"""Reads: the current edition, stored figures as domain ``Figures``, and the catalog decision of an organisation."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from shenbao.catalog.models import BusinessFigures
from shenbao.domain.catalog import (
    Assessment,
    Edition,
    Figures,
    FiguresError,
    assess,
    list_editions,
    load_edition,
    parse_figures,
)
from shenbao.organisations.models import Organisation


def current_edition_code() -> str:
    """The newest shipped edition."""
    return list_editions()[-1]


def edition_or_current(code: str | None) -> Edition:
    """The edition ``code`` when it ships, else the current one (a bad query string is no error)."""
    return load_edition(code if code in list_editions() else current_edition_code())


def figures_object(record: BusinessFigures, *, name: str = "") -> dict[str, object]:
    """The stored figures in the JSON shape ``parse_figures`` reads."""
    return {
        "name": name,
        "data_year": record.data_year,
        "revenue_usd": Decimal(record.revenue_usd),
        "offshore_revenue_usd": Decimal(record.offshore_revenue_usd),
        "export_usd": dict(record.export_usd or {}),
        "staff": record.staff,
        "staff_college": record.staff_college,
        "certifications": record.certifications,
        "long_term_contracts": record.long_term_contracts,
        "categories": record.categories,
        "potential_fields": list(record.potential_fields or []),
        "source": record.source,
    }


def figures_of(record: BusinessFigures) -> Figures:
    return parse_figures(figures_object(record, name=record.organisation.name))


def figures_for_year(organisation: Organisation, data_year: int) -> BusinessFigures | None:
    return BusinessFigures.objects.filter(organisation=organisation, data_year=data_year).first()


def figures_history(organisation: Organisation) -> list[BusinessFigures]:
    return list(
        BusinessFigures.objects.filter(organisation=organisation)
        .select_related("updated_by")
        .order_by("-data_year")
    )


def assess_record(record: BusinessFigures, edition: Edition) -> Assessment | None:
    """The decision on stored figures; None when they do not fit the edition (e.g. a category it lacks)."""
    try:
        return assess(figures_of(record), edition)
    except FiguresError:
        return None


def decision_for(organisation: Organisation, edition_code: str | None = None) -> Assessment | None:
    """The catalog decision for ``organisation`` under an edition (the current one by default).

    Uses the figures of the edition's data year; None when the organisation has none for
    that year (or they do not fit the edition). ``provisional`` is set on self-declared figures.
    """
    edition = load_edition(edition_code or current_edition_code())
    record = (
        BusinessFigures.objects.filter(organisation=organisation, data_year=edition.data_year)
        .select_related("organisation")
        .first()
    )
    return None if record is None else assess_record(record, edition)


def decisions_for(
    organisations: Iterable[Organisation], *, edition_code: str | None = None
) -> dict[int, Assessment]:
    """``decision_for`` for many organisations in one query: organisation pk → decision (absent: none)."""
    edition = load_edition(edition_code or current_edition_code())
    pks = [organisation.pk for organisation in organisations]
    records = BusinessFigures.objects.filter(
        organisation_id__in=pks, data_year=edition.data_year
    ).select_related("organisation")
    decisions: dict[int, Assessment] = {}
    for record in records:
        decision = assess_record(record, edition)
        if decision is not None:
            decisions[record.organisation_id] = decision
    return decisions
