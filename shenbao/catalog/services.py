"""Writes: an enterprise's self-declared figures, and the city admin's import of approved figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from shenbao.accounts.models import User
from shenbao.catalog.imports import is_unchanged
from shenbao.catalog.models import BusinessFigures, FiguresSource
from shenbao.domain.catalog import Figures
from shenbao.domain.catalog_import import ImportRow
from shenbao.organisations.models import Organisation

CENT = Decimal("0.01")


def amount_text(amount: Decimal) -> str:
    return str(amount.quantize(CENT))


def _qualitative(figures: Figures) -> dict[str, object]:
    certifications = figures.certifications
    contracts = figures.long_term_contracts
    return {
        "certifications": (
            None
            if certifications is None
            else list(certifications)
            if isinstance(certifications, tuple)
            else {code: list(names) for code, names in certifications.items()}
        ),
        "long_term_contracts": contracts
        if contracts is None or isinstance(contracts, bool)
        else dict(contracts),
        "categories": None if figures.categories is None else list(figures.categories),
        "potential_fields": list(figures.potential_fields),
    }


@transaction.atomic
def save_self_declared_figures(*, organisation: Organisation, figures: Figures, by: User) -> BusinessFigures:
    """Store the enterprise's own figures for ``figures.data_year``.

    Approved (imported) amounts and staff counts are never overwritten: on such a record
    only the enterprise's qualitative answers change, and the source stays ``statistics``.
    """
    record = (
        BusinessFigures.objects.select_for_update()
        .filter(organisation=organisation, data_year=figures.data_year)
        .first()
    )
    values = _qualitative(figures)
    if record is None or not record.is_approved:
        values |= {
            "revenue_usd": figures.revenue_usd.quantize(CENT),
            "offshore_revenue_usd": figures.offshore_revenue_usd.quantize(CENT),
            "export_usd": {code: amount_text(amount) for code, amount in figures.export_usd.items()},
            "staff": figures.staff,
            "staff_college": figures.staff_college,
            "source": FiguresSource.SELF,
        }
    if record is None:
        return BusinessFigures.objects.create(
            organisation=organisation, data_year=figures.data_year, updated_by=by, **values
        )
    for name, value in values.items():
        setattr(record, name, value)
    record.updated_by = by
    record.save()
    return record


@dataclass(frozen=True, slots=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def import_approved_figures(*, rows: list[ImportRow], by: User) -> ImportResult:
    """Store checked rows as approved figures, all or none; rows equal to what is stored change nothing.

    The amounts and staff counts become ``statistics``; the enterprise's qualitative answers stay.
    """
    created = updated = unchanged = 0
    existing = {
        (record.organisation_id, record.data_year): record
        for record in BusinessFigures.objects.select_for_update().filter(
            organisation_id__in={row.organisation_id for row in rows},
            data_year__in={row.data_year for row in rows},
        )
    }
    for row in rows:
        values = {
            "revenue_usd": row.revenue_usd.quantize(CENT),
            "offshore_revenue_usd": row.offshore_revenue_usd.quantize(CENT),
            "export_usd": {code: amount_text(amount) for code, amount in row.export_usd.items()},
            "staff": row.staff,
            "staff_college": row.staff_college,
            "source": FiguresSource.STATISTICS,
        }
        record = existing.get((row.organisation_id, row.data_year))
        if record is None:
            BusinessFigures.objects.create(
                organisation_id=row.organisation_id, data_year=row.data_year, updated_by=by, **values
            )
            created += 1
        elif is_unchanged(record, row):
            unchanged += 1
        else:
            for name, value in values.items():
                setattr(record, name, value)
            record.updated_by = by
            record.save()
            updated += 1
    return ImportResult(created=created, updated=updated, unchanged=unchanged)
