"""A refresh writes only what changed, and what it reads back compares equal to what it would write."""

from __future__ import annotations

import pytest

from shenbao.crosschecks.models import CrossFinding
from shenbao.crosschecks.services import refresh_after_status_change, refresh_findings, refresh_for_hashes
from shenbao.domain.crosscheck import CrossCode
from tests import factories
from tests.crosschecks.build import add_row, codes, make_application

pytestmark = pytest.mark.django_db

CLAIMED = CrossCode.CLAIMED_ELSEWHERE.value
NOT_FOUND = CrossCode.HIRING_ENTERPRISE_NOT_FOUND.value


def _stored() -> list[tuple[object, ...]]:
    return sorted(CrossFinding.objects.values_list("pk", "row_id", "code", "other_row_id", "candidates"))


def test_a_status_change_that_changes_no_finding_rewrites_none(directory) -> None:  # type: ignore[no-untyped-def]
    mine = make_application(factories.make_organisation(number=5))
    add_row(mine, 1)
    add_row(make_application(factories.make_organisation(number=16)), 1)
    refresh_findings(mine)
    before = _stored()

    mine.status = "accepted"
    mine.save()
    refresh_after_status_change(mine)

    assert _stored() == before
    assert len(before) == 2


def test_hiring_enterprise_findings_with_candidates_are_kept_when_nothing_changed(directory) -> None:  # type: ignore[no-untyped-def]
    factories.make_organisation(number=5, name="微软（上海）有限公司")
    application = make_application(factories.make_organisation(number=12, kind="institution"))
    add_row(application, 1, hiring="微软(上海)科技有限公司")
    refresh_findings(application)
    before = _stored()

    refresh_findings(application)

    assert _stored() == before
    assert before[0][4] == ["微软（上海）有限公司"]


def test_a_newly_registered_enterprise_replaces_the_closest_names_of_a_finding(directory) -> None:  # type: ignore[no-untyped-def]
    application = make_application(factories.make_organisation(number=12, kind="institution"))
    row = add_row(application, 1, hiring="微软(上海)科技有限公司")
    refresh_findings(application)
    assert row.cross_findings.get().candidates == []

    factories.make_organisation(number=5, name="微软（上海）有限公司")
    refresh_findings(application)

    assert codes(row) == [NOT_FOUND]
    assert row.cross_findings.get().candidates == ["微软（上海）有限公司"]


def test_refreshing_by_person_keys_drops_a_conflict_that_ended(directory) -> None:  # type: ignore[no-untyped-def]
    mine = make_application(factories.make_organisation(number=5))
    row = add_row(mine, 1)
    theirs = make_application(factories.make_organisation(number=16))
    other = add_row(theirs, 1)
    refresh_findings(mine)
    assert codes(row) == [CLAIMED]

    theirs.status = "withdrawn"
    theirs.save()
    refresh_for_hashes([row.id_hash])

    assert codes(row) == []
    assert codes(other) == [CLAIMED]  # the withdrawn application still learns of the live claim
