"""Privacy across authorities: a reviewer learns authority, call and status of the other claim, nothing else."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from shenbao.crosschecks.selectors import findings_for_rows
from shenbao.crosschecks.services import refresh_findings
from shenbao.domain.workflow import STATUS_LABELS, Status
from tests import factories
from tests.crosschecks.build import add_row, make_application, make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims(directory):  # type: ignore[no-untyped-def]
    """浦东's application and 徐汇's, both claiming person 1; 徐汇's also has person 2."""
    call = make_call(2026)
    mine = make_application(factories.make_organisation(number=5, name="浦东甲公司"), call=call)
    theirs = make_application(
        factories.make_organisation(number=16, name="徐汇乙公司"), call=call, status="accepted"
    )
    row = add_row(mine, 1, name="张三")
    add_row(theirs, 1, name="张三丰")  # the other applicant wrote the name differently
    add_row(theirs, 2, name="李四")
    refresh_findings(mine)
    return mine, theirs, row


def _messages(user, application, rows) -> str:  # type: ignore[no-untyped-def]
    return " ".join(f.message for found in findings_for_rows(user, application, rows).values() for f in found)


def test_reviewer_of_another_authority_learns_only_authority_call_and_status(claims, reviewer) -> None:  # type: ignore[no-untyped-def]
    mine, theirs, row = claims

    found = findings_for_rows(reviewer, mine, [row])

    assert list(found) == [row.pk]
    (finding,) = found[row.pk]
    assert finding.code == "claimed_elsewhere"
    assert finding.column == "证件号码"
    assert theirs.authority.name in finding.message
    assert "2026年度" in finding.message
    assert STATUS_LABELS[Status.ACCEPTED] in finding.message
    for secret in ("徐汇乙公司", theirs.reference, "张三丰", "李四", "第 2 行", "第 3 行"):
        assert secret not in finding.message


def test_the_reviewer_of_the_other_authority_sees_the_same_limited_facts_about_this_side(
    claims, other_reviewer
) -> None:  # type: ignore[no-untyped-def]
    mine, theirs, _ = claims
    their_rows = list(theirs.rows.all())

    text = _messages(other_reviewer, theirs, their_rows)

    assert mine.authority.name in text
    assert STATUS_LABELS[Status.SUBMITTED] in text
    for secret in ("浦东甲公司", mine.reference, "张三 ", "第 2 行"):
        assert secret not in text


def test_city_admin_sees_both_sides(claims, city_admin) -> None:  # type: ignore[no-untyped-def]
    mine, theirs, row = claims

    text = _messages(city_admin, mine, [row])

    assert "徐汇乙公司" in text
    assert theirs.reference in text
    assert "第 2 行" in text


def test_a_reviewer_sees_which_application_when_both_are_in_the_own_authority(directory, reviewer) -> None:  # type: ignore[no-untyped-def]
    mine = make_application(factories.make_organisation(number=5))
    theirs = make_application(factories.make_organisation(number=5, name="浦东丙公司"))
    row = add_row(mine, 1)
    add_row(theirs, 1)
    refresh_findings(mine)

    text = _messages(reviewer, mine, [row])

    assert "浦东丙公司" in text
    assert theirs.reference in text


def test_a_reviewer_sees_nothing_on_an_application_of_another_authority(claims, other_reviewer) -> None:  # type: ignore[no-untyped-def]
    mine, _, row = claims

    assert findings_for_rows(other_reviewer, mine, [row]) == {}


def test_applicants_never_learn_of_another_applicants_claim(claims) -> None:  # type: ignore[no-untyped-def]
    mine, _, row = claims
    applicant = factories.make_applicant(mine.organisation)

    assert findings_for_rows(applicant, mine, [row]) == {}


def test_applicants_see_their_own_trainees_hiring_enterprise_findings(directory) -> None:  # type: ignore[no-untyped-def]
    institution = factories.make_organisation(number=12, kind="institution")
    application = make_application(institution)
    row = add_row(application, 1, hiring="没有注册的公司")
    refresh_findings(application)
    applicant = factories.make_applicant(institution)

    (finding,) = findings_for_rows(applicant, application, [row])[row.pk]

    assert finding.column == "录用企业名称"
    assert "没有注册的公司" in finding.message
    assert (
        findings_for_rows(factories.make_applicant(factories.make_organisation()), application, [row]) == {}
    )


def test_an_earlier_years_support_shows_its_year(directory, reviewer) -> None:  # type: ignore[no-untyped-def]
    past = make_application(factories.make_organisation(number=16), call=make_call(2023), status="paid")
    add_row(past, 1)
    mine = make_application(factories.make_organisation(number=5), call=make_call(2026))
    row = add_row(mine, 1)
    refresh_findings(mine)

    text = _messages(reviewer, mine, [row])

    assert "2023年度" in text
    assert past.organisation.name not in text


def test_the_row_partial_shows_the_findings_of_its_row(claims, reviewer) -> None:  # type: ignore[no-untyped-def]
    mine, theirs, row = claims
    found = findings_for_rows(reviewer, mine, [row])

    html = render_to_string("crosschecks/_row_findings.html", {"cross_findings": found, "row": row})

    assert "同一人员重复申报" in html
    assert theirs.authority.name in html
    assert (
        render_to_string("crosschecks/_row_findings.html", {"cross_findings": {}, "row": row}).strip() == ""
    )
