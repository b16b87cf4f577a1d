"""The bulk path (bulk.insert_rows) stores exactly what the model path (bulk_create of build_row) stored."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shenbao.applications import bulk
from shenbao.applications import rows as stored_rows
from shenbao.applications.models import RosterRow
from shenbao.domain.checked_roster import check_roster
from shenbao.domain.roster import RosterRow as DomainRow
from shenbao.domain.roster_columns import RosterKind

pytestmark = pytest.mark.django_db


def _stored(application_id: int) -> list[dict[str, object]]:
    return [
        {k: v for k, v in row.items() if k not in ("id", "application_id")}
        for row in RosterRow.objects.filter(application_id=application_id).order_by("number").values()
    ]


def test_the_bulk_path_stores_every_field_as_the_model_path(application, call, employees, reviewer) -> None:  # type: ignore[no-untyped-def]
    data = employees(3, row2={"证件号码": "31010119900307OOOO"}, row3={"姓名": "　"})
    values = [{k: str(v) for k, v in row.items()} for row in data]
    checked = check_roster(
        [DomainRow(n + 2, v) for n, v in enumerate(values)],
        kind=RosterKind(application.kind),
        window=stored_rows.window_of(application),
        organisation_code=application.organisation.code,
    ).rows()
    assert any(row.problems for row in checked)  # the problems column is exercised
    models = [stored_rows.build_row(application, row) for row in checked]
    fast = [stored_rows.prepare_row(row) for row in checked]
    # A carried review (decided_by, decided_at) goes through the datetime conversion too.
    at = datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=UTC)
    for row in (models[0], fast[0]):
        row.decision, row.decided_by_id, row.decided_at = RosterRow.Decision.ELIGIBLE, reviewer.pk, at
    # The ciphertext has a random nonce: the bulk row gets the model row's, and must read back alike.
    for model, new in zip(models, fast, strict=True):
        new.id_cipher = model.id_cipher
    RosterRow.objects.bulk_create(models)
    by_model = _stored(application.pk)
    application.rows.all().delete()
    bulk.insert_rows(application.pk, fast)
    assert _stored(application.pk) == by_model
    assert len(by_model) == 3
