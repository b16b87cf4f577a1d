"""The same person claimed twice: in one call, in an earlier call, and through linked enterprise/institution claims."""

from __future__ import annotations

import pytest

from shenbao.crosschecks.models import CrossFinding
from shenbao.crosschecks.services import refresh_after_status_change, refresh_findings
from shenbao.domain.crosscheck import CrossCode
from tests import factories
from tests.crosschecks.build import add_row, codes, make_application, make_call

pytestmark = pytest.mark.django_db

CLAIMED = CrossCode.CLAIMED_ELSEWHERE.value
BEFORE = CrossCode.SUPPORTED_BEFORE.value
LINKED = CrossCode.LINKED_CLAIM.value


@pytest.fixture
def pudong(directory):  # type: ignore[no-untyped-def]
    return factories.make_organisation(number=5, name="浦东数据服务有限公司")


@pytest.fixture
def xuhui(directory):  # type: ignore[no-untyped-def]
    return factories.make_organisation(number=16, name="徐汇软件有限公司")


@pytest.fixture
def institution(directory):  # type: ignore[no-untyped-def]
    return factories.make_organisation(number=12, kind="institution", name="闵行职业培训学校")


def test_same_person_in_two_live_applications_of_one_call_is_flagged_on_both(pudong, xuhui) -> None:  # type: ignore[no-untyped-def]
    mine = make_application(pudong)
    theirs = make_application(xuhui, status="accepted")
    row = add_row(mine, 1)
    other = add_row(theirs, 1)
    lone = add_row(mine, 2)

    refresh_findings(mine)

    assert codes(row) == [CLAIMED]
    assert codes(other) == [CLAIMED]
    assert codes(lone) == []
    finding = row.cross_findings.get()
    assert (finding.other_application, finding.other_row) == (theirs, other)


def test_an_enterprise_and_an_institution_claiming_one_person_unlinked_are_flagged(
    pudong, institution
) -> None:  # type: ignore[no-untyped-def]
    employee = add_row(make_application(pudong), 7)
    trainee = add_row(make_application(institution), 7, hiring="徐汇软件有限公司")

    refresh_findings(trainee.application)

    assert CLAIMED in codes(employee)
    assert CLAIMED in codes(trainee)


@pytest.mark.parametrize("status", ["draft", "withdrawn", "rejected"])
def test_drafts_withdrawn_and_rejected_applications_do_not_count(pudong, xuhui, status) -> None:  # type: ignore[no-untyped-def]
    mine = make_application(pudong)
    row = add_row(mine, 1)
    other = add_row(make_application(xuhui, status=status), 1)

    refresh_findings(mine)

    assert codes(row) == []
    # The applications that do not count still learn of the live claim, so it shows once they submit.
    assert codes(other) == [CLAIMED]


def test_a_later_submission_creates_the_conflict_on_the_earlier_application(pudong, xuhui) -> None:  # type: ignore[no-untyped-def]
    earlier = make_application(xuhui)
    earlier_row = add_row(earlier, 3)
    refresh_findings(earlier)
    later = make_application(pudong, status="draft")
    add_row(later, 3)
    refresh_findings(later)
    assert codes(earlier_row) == []

    later.status = "submitted"
    later.save()
    refresh_after_status_change(later)

    assert codes(earlier_row) == [CLAIMED]


def test_withdrawing_removes_the_conflict_from_the_other_application(pudong, xuhui) -> None:  # type: ignore[no-untyped-def]
    mine = make_application(pudong)
    row = add_row(mine, 4)
    theirs = make_application(xuhui)
    add_row(theirs, 4)
    refresh_findings(theirs)
    assert codes(row) == [CLAIMED]

    theirs.status = "withdrawn"
    theirs.save()
    refresh_after_status_change(theirs)

    assert codes(row) == []


def test_a_new_roster_drops_the_conflicts_of_persons_no_longer_claimed(pudong, xuhui) -> None:  # type: ignore[no-untyped-def]
    mine = make_application(pudong)
    row = add_row(mine, 5)
    theirs = make_application(xuhui)
    add_row(theirs, 5)
    refresh_findings(theirs)
    assert codes(row) == [CLAIMED]

    theirs.rows.all().delete()
    add_row(theirs, 6)
    refresh_findings(theirs)

    assert codes(row) == []


def test_refreshing_twice_stores_each_finding_once(pudong, xuhui) -> None:  # type: ignore[no-untyped-def]
    mine = make_application(pudong)
    add_row(mine, 1)
    add_row(make_application(xuhui), 1)

    refresh_findings(mine)
    refresh_findings(mine)

    assert CrossFinding.objects.count() == 2


@pytest.mark.parametrize("status", ["approved", "paid"])
def test_a_person_approved_in_an_earlier_call_is_flagged_with_that_year(pudong, xuhui, status) -> None:  # type: ignore[no-untyped-def]
    past = make_application(xuhui, call=make_call(2024), status=status)
    add_row(past, 8)
    row = add_row(make_application(pudong, call=make_call(2026)), 8)

    refresh_after_status_change(past)

    assert codes(row) == [BEFORE]
    assert row.cross_findings.get().other_application.call.year == 2024


@pytest.mark.parametrize("status", ["submitted", "accepted", "reported", "rejected"])
def test_an_earlier_claim_not_yet_approved_is_not_support_given(pudong, xuhui, status) -> None:  # type: ignore[no-untyped-def]
    add_row(make_application(xuhui, call=make_call(2024), status=status), 8)
    row = add_row(make_application(pudong, call=make_call(2026)), 8)

    refresh_findings(row.application)

    assert codes(row) == []


def test_a_person_approved_in_a_later_call_is_not_supported_before(pudong, xuhui) -> None:  # type: ignore[no-untyped-def]
    later = make_application(xuhui, call=make_call(2027), status="approved")
    add_row(later, 8)
    row = add_row(make_application(pudong, call=make_call(2026)), 8)

    refresh_findings(row.application)

    assert codes(row) == []


def test_trainee_support_in_an_earlier_call_does_not_stop_trainee_support_now(institution) -> None:  # type: ignore[no-untyped-def]
    other_institution = factories.make_organisation(number=16, kind="institution")
    add_row(make_application(other_institution, call=make_call(2024), status="paid"), 9, hiring="")
    row = add_row(make_application(institution, call=make_call(2026)), 9, hiring="")

    refresh_findings(row.application)

    assert codes(row) == []


def test_a_trainee_whose_hiring_enterprise_claims_them_as_an_employee_is_a_linked_claim(
    pudong, institution
) -> None:  # type: ignore[no-untyped-def]
    employee = add_row(make_application(pudong), 10)
    # The institution writes the enterprise's name its own way.
    trainee = add_row(make_application(institution), 10, hiring="上海浦东数据服务有限责任公司")

    refresh_findings(trainee.application)

    assert codes(employee) == [LINKED]
    assert codes(trainee) == [LINKED]


def test_a_linked_pair_and_a_third_claim_flags_only_the_third(pudong, xuhui, institution) -> None:  # type: ignore[no-untyped-def]
    employee = add_row(make_application(pudong), 11)
    trainee = add_row(make_application(institution), 11, hiring="浦东数据服务有限公司")
    third = add_row(make_application(xuhui), 11)

    refresh_findings(third.application)

    assert codes(employee) == [CLAIMED, LINKED]
    assert codes(trainee) == [CLAIMED, LINKED]
    assert codes(third) == [CLAIMED, CLAIMED]
