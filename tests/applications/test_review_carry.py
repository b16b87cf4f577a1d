"""A roster uploaded again (or edited) during a return keeps the review of every unchanged person."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shenbao.applications import edits, services
from shenbao.applications.models import Application, RosterRow
from shenbao.reviews import services as review
from tests.applications.conftest import signed_in, url
from tests.rosters import valid_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided_and_returned(enterprise_user, reviewer, application, upload, employees, roster_file, today):
    """Five persons submitted; the reviewer decides four (one not eligible, with a reason) and returns it."""
    upload(enterprise_user, application, roster_file(employees(5)))
    services.update_details(by=enterprise_user, application=application, paper_volumes=1, remarks="")
    application.refresh_from_db()
    application = services.submit_application(
        by=enterprise_user, application=application, expected_version=application.version, declaration=True
    )
    rows = list(application.rows.order_by("number"))
    review.decide_rows(
        by=reviewer,
        application=application,
        rows=[review.RowDecision(r.pk, r.version) for r in rows[:3]],
        decision="eligible",
    )
    review.decide_rows(
        by=reviewer,
        application=application,
        rows=[review.RowDecision(rows[3].pk, rows[3].version)],
        decision="ineligible",
        reason="社保非本单位缴纳",
    )
    application.refresh_from_db()
    return review.return_application(
        by=reviewer,
        application=application,
        expected_version=application.version,
        reasons=[review.Reason("请核对岗位", row_number=3)],
        deadline=today + timedelta(days=7),
    )


def _by_name(application: Application) -> dict[str, RosterRow]:
    return {row.name: row for row in application.rows.all()}


def test_a_re_upload_keeps_the_decisions_of_unchanged_persons(
    enterprise_user, decided_and_returned, upload, employees, roster_file
) -> None:
    application = decided_and_returned
    # Person 2 and person 4 change; person 5 (never decided) stays; person 3 leaves; person 6 is new.
    rows = employees(6, row2={"岗位": "测试工程师"}, row4={"社保缴纳单位": "本单位（已更正）"})
    job = upload(enterprise_user, application, roster_file([rows[0], rows[1], rows[3], rows[4], rows[5]]))

    after = _by_name(application)
    assert (after["员工1"].decision, after["员工1"].earlier_decision) == ("eligible", "")
    assert after["员工1"].decided_by is not None
    # Changed persons start undecided; what was decided on them is shown ("changed since your decision").
    assert (after["员工2"].decision, after["员工2"].earlier_decision) == ("undecided", "eligible")
    assert after["员工2"].is_changed_since_decision
    changed = after["员工4"]
    assert (changed.decision, changed.earlier_decision, changed.earlier_reason) == (
        "undecided",
        "ineligible",
        "社保非本单位缴纳",
    )
    assert (after["员工5"].decision, after["员工5"].earlier_decision) == ("undecided", "")
    assert (after["员工6"].decision, after["员工6"].earlier_decision) == ("undecided", "")
    assert job.review_carry["kept"] == 1 and job.review_carry["changed"] == 2 and job.review_carry["new"] == 2
    assert [p["name"] for p in job.review_carry["removed"]] == ["员工3"]
    assert valid_id(3) not in str(job.review_carry)
    event = application.events.filter(action="upload_roster").last()
    assert event.data["carry"] == {"kept": 1, "changed": 2, "new": 2, "removed_count": 1}


def test_the_applicant_and_the_reviewer_see_what_the_re_upload_kept(
    enterprise_user, reviewer, decided_and_returned, upload, employees, roster_file
) -> None:
    application = decided_and_returned
    upload(enterprise_user, application, roster_file(employees(4, row2={"岗位": "测试工程师"})))
    applicant_page = signed_in(enterprise_user).get(url("roster", application.pk)).content.decode()
    assert "1 人有修改" in applicant_page and "删除 1 人" in applicant_page and "员工5" in applicant_page
    history = signed_in(enterprise_user).get(url("detail", application.pk)).content.decode()
    assert "保留审核结论 3 人，修改后待重新审核 1 人，新增 0 人，删除 1 人" in history
    reviewer_page = signed_in(reviewer).get(f"/review/{application.pk}/").content.decode()
    assert reviewer_page.count("您审核后已修改") == 1 and "修改前的结论：符合" in reviewer_page


def test_an_online_edit_during_a_return_resets_only_that_persons_decision(
    enterprise_user, decided_and_returned
) -> None:
    application = decided_and_returned
    first, second = application.rows.order_by("number")[:2]
    edits.edit_cell(
        by=enterprise_user,
        application=application,
        row_id=first.pk,
        column="岗位",
        value="实施顾问",
        expected_version=first.version,
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.decision, first.earlier_decision) == ("undecided", "eligible")
    assert second.decision == "eligible"


def test_resubmitting_an_unchanged_roster_keeps_every_decision(
    enterprise_user, decided_and_returned, upload, employees, roster_file
) -> None:
    application = decided_and_returned
    upload(enterprise_user, application, roster_file(employees(5)))
    after = _by_name(application)
    assert [after[f"员工{n}"].decision for n in range(1, 6)] == [
        "eligible",
        "eligible",
        "eligible",
        "ineligible",
        "undecided",
    ]
    assert after["员工4"].decision_reason == "社保非本单位缴纳"
