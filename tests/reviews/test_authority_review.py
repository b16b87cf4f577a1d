"""Authority review use cases: per-person decisions, receipt, return, accept, reject, with their refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.http import Http404

from shenbao.applications.models import Event, ReturnReason, RosterRow
from shenbao.applications.transitions import STALE_MESSAGE, StaleView
from shenbao.domain.workflow import Status, TransitionNotAllowed
from shenbao.reviews import services
from shenbao.reviews.services import Reason, RowDecision

pytestmark = pytest.mark.django_db


def _decisions(rows: list[RosterRow]) -> list[RowDecision]:
    return [RowDecision(row.pk, row.version) for row in rows]


def test_reviewer_decides_each_person_and_the_row_version_moves_on(make_application, enterprise, reviewer):
    application = make_application(enterprise)
    first, second, _ = application.rows.all()
    services.decide_rows(by=reviewer, application=application, rows=_decisions([first]), decision="eligible")
    services.decide_rows(
        by=reviewer,
        application=application,
        rows=_decisions([second]),
        decision="ineligible",
        reason="已离职",
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.decision, first.version, first.decided_by) == ("eligible", 2, reviewer)
    assert (second.decision, second.decision_reason) == ("ineligible", "已离职")
    assert Event.objects.filter(application=application, action="decide_rows").count() == 2


def test_bulk_decision_covers_every_selected_row(make_application, enterprise, reviewer):
    application = make_application(enterprise, persons=5)
    rows = list(application.rows.all())[:4]
    services.decide_rows(by=reviewer, application=application, rows=_decisions(rows), decision="eligible")
    assert application.rows.filter(decision="eligible").count() == 4
    assert application.rows.filter(decision="undecided").count() == 1


def test_not_eligible_needs_a_reason(make_application, enterprise, reviewer):
    application = make_application(enterprise)
    with pytest.raises(TransitionNotAllowed, match="请填写原因"):
        services.decide_rows(
            by=reviewer,
            application=application,
            rows=_decisions(list(application.rows.all())),
            decision="ineligible",
        )


def test_a_decision_on_a_stale_view_of_the_row_is_refused_and_nothing_changes(
    make_application, enterprise, reviewer
):
    application = make_application(enterprise)
    row = application.rows.first()
    shown = _decisions([row])
    services.decide_rows(by=reviewer, application=application, rows=shown, decision="eligible")
    with pytest.raises(StaleView, match=STALE_MESSAGE):
        services.decide_rows(
            by=reviewer, application=application, rows=shown, decision="ineligible", reason="x"
        )
    row.refresh_from_db()
    assert row.decision == "eligible"


def test_decisions_on_different_rows_never_conflict(make_application, enterprise, reviewer):
    application = make_application(enterprise)
    first, second, _ = application.rows.all()
    page = _decisions([first, second])  # both shown on the same page
    services.decide_rows(by=reviewer, application=application, rows=page[:1], decision="eligible")
    services.decide_rows(by=reviewer, application=application, rows=page[1:], decision="eligible")
    assert application.rows.filter(decision="eligible").count() == 2


def test_reviewer_of_another_authority_cannot_decide(make_application, enterprise, other_reviewer):
    application = make_application(enterprise)
    with pytest.raises(Http404):
        services.decide_rows(
            by=other_reviewer,
            application=application,
            rows=_decisions([application.rows.first()]),
            decision="eligible",
        )


def test_decisions_only_while_the_application_is_under_review(make_application, enterprise, reviewer):
    application = make_application(enterprise, status=Status.RETURNED)
    with pytest.raises(TransitionNotAllowed, match="不能“逐人审核”"):
        services.decide_rows(
            by=reviewer,
            application=application,
            rows=_decisions([application.rows.first()]),
            decision="eligible",
        )


def test_reviewer_records_paper_volumes_received_and_materials(make_application, enterprise, reviewer):
    application = make_application(enterprise)
    updated = services.record_receipt(
        by=reviewer,
        application=application,
        expected_version=application.version,
        paper_volumes_received=3,
        materials_complete=False,
        review_remarks="缺劳动合同扫描件",
    )
    assert (updated.paper_volumes_received, updated.materials_complete, updated.review_remarks) == (
        3,
        False,
        "缺劳动合同扫描件",
    )
    assert updated.version == application.version + 1


def test_return_pins_reasons_to_rows_and_sets_the_deadline(make_application, enterprise, reviewer, today):
    application = make_application(enterprise)
    deadline = today + timedelta(days=10)
    returned = services.return_application(
        by=reviewer,
        application=application,
        expected_version=application.version,
        reasons=[Reason("请补充营业执照"), Reason("入职日期有误", row_number=3)],
        deadline=deadline,
    )
    assert returned.status == Status.RETURNED
    assert returned.correction_deadline == deadline
    event = Event.objects.get(application=application, action="return")
    assert event.data["deadline"] == deadline.isoformat()
    reasons = ReturnReason.objects.filter(event=event).order_by("pk")
    assert [(r.row_number, r.text) for r in reasons] == [(None, "请补充营业执照"), (3, "入职日期有误")]
    assert len(mail.outbox) == 1
    assert "入职日期有误" in mail.outbox[0].body


def test_return_refuses_a_row_that_is_not_in_the_roster(make_application, enterprise, reviewer, today):
    application = make_application(enterprise)
    with pytest.raises(TransitionNotAllowed, match="没有第 99 行"):
        services.return_application(
            by=reviewer,
            application=application,
            expected_version=application.version,
            reasons=[Reason("不存在", row_number=99)],
            deadline=today + timedelta(days=5),
        )
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_return_needs_a_reason_and_a_deadline_not_in_the_past(make_application, enterprise, reviewer, today):
    application = make_application(enterprise)
    with pytest.raises(TransitionNotAllowed, match="退回原因"):
        services.return_application(
            by=reviewer, application=application, expected_version=1, reasons=[], deadline=today
        )
    with pytest.raises(TransitionNotAllowed, match="不能早于今天"):
        services.return_application(
            by=reviewer,
            application=application,
            expected_version=1,
            reasons=[Reason("x")],
            deadline=today - timedelta(days=1),
        )


def test_accept_needs_every_person_decided_and_the_receipt_recorded(make_application, enterprise, reviewer):
    application = make_application(enterprise)
    with pytest.raises(TransitionNotAllowed, match="3 人未作审核结论"):
        services.accept_application(
            by=reviewer, application=application, expected_version=application.version
        )
    services.decide_rows(
        by=reviewer,
        application=application,
        rows=_decisions(list(application.rows.all())),
        decision="eligible",
    )
    with pytest.raises(TransitionNotAllowed, match="纸质材料"):
        services.accept_application(
            by=reviewer, application=application, expected_version=application.version
        )
    application = services.record_receipt(
        by=reviewer,
        application=application,
        expected_version=application.version,
        paper_volumes_received=2,
        materials_complete=True,
    )
    accepted = services.accept_application(
        by=reviewer, application=application, expected_version=application.version
    )
    assert accepted.status == Status.ACCEPTED
    assert Event.objects.filter(application=application, action="accept", to_status="accepted").exists()
    assert len(mail.outbox) == 1


def test_accept_on_a_stale_page_is_refused(make_application, enterprise, reviewer):
    application = make_application(enterprise)
    shown = application.version
    services.record_receipt(
        by=reviewer,
        application=application,
        expected_version=shown,
        paper_volumes_received=1,
        materials_complete=True,
    )
    with pytest.raises(StaleView, match=STALE_MESSAGE):
        services.accept_application(by=reviewer, application=application, expected_version=shown)


def test_reject_needs_a_reason_and_tells_the_applicant(make_application, enterprise, reviewer):
    application = make_application(enterprise)
    with pytest.raises(TransitionNotAllowed, match="原因"):
        services.reject_application(by=reviewer, application=application, expected_version=1, reason=" ")
    rejected = services.reject_application(
        by=reviewer, application=application, expected_version=1, reason="不属于服务外包企业"
    )
    assert rejected.status == Status.REJECTED
    assert Event.objects.get(application=application, action="reject").comment == "不属于服务外包企业"
    assert "不属于服务外包企业" in mail.outbox[0].body


def test_reject_from_the_wrong_status_says_what_is_allowed(make_application, enterprise, reviewer):
    application = make_application(enterprise, status=Status.ACCEPTED)
    with pytest.raises(TransitionNotAllowed, match="当前状态为“区审核通过”，不能“不予通过”"):
        services.reject_application(by=reviewer, application=application, expected_version=1, reason="x")


def test_an_applicant_or_the_city_cannot_take_authority_decisions(
    make_application, enterprise, enterprise_user, city_admin
):
    application = make_application(enterprise)
    for user in (enterprise_user, city_admin):
        with pytest.raises(Http404):
            services.reject_application(by=user, application=application, expected_version=1, reason="x")


def _decided_and_received(application, reviewer, *, received: int = 2, eligible: bool = True):
    services.decide_rows(
        by=reviewer,
        application=application,
        rows=_decisions(list(application.rows.all())),
        decision="eligible" if eligible else "ineligible",
        reason="" if eligible else "社保非本单位缴纳",
    )
    application.refresh_from_db()
    return services.record_receipt(
        by=reviewer,
        application=application,
        expected_version=application.version,
        paper_volumes_received=received,
        materials_complete=True,
    )


def test_accepting_an_enterprise_the_catalog_does_not_list_needs_a_recorded_reason(
    make_application, enterprise, reviewer
):
    application = _decided_and_received(make_application(enterprise, listed=False), reviewer)
    with pytest.raises(TransitionNotAllowed, match="没有 2015 年业务数据"):
        services.accept_application(
            by=reviewer, application=application, expected_version=application.version
        )

    accepted = services.accept_application(
        by=reviewer,
        application=application,
        expected_version=application.version,
        override_reason="统计数据待导入，经核实符合",
    )

    assert accepted.status == Status.ACCEPTED
    assert accepted.override_reason == "统计数据待导入，经核实符合"
    event = Event.objects.get(application=application, action="accept")
    assert event.data["override_reason"] == "统计数据待导入，经核实符合"


def test_accepting_with_paper_volumes_short_needs_them_acknowledged(make_application, enterprise, reviewer):
    application = _decided_and_received(make_application(enterprise), reviewer, received=1)
    with pytest.raises(TransitionNotAllowed, match="填报纸质材料 2 本，实收 1 本"):
        services.accept_application(
            by=reviewer, application=application, expected_version=application.version
        )

    accepted = services.accept_application(
        by=reviewer, application=application, expected_version=application.version, volumes_acknowledged=True
    )

    assert accepted.volumes_acknowledged
    assert Event.objects.get(application=application, action="accept").data["volumes_acknowledged"] is True


def test_nobody_eligible_is_not_accepted(make_application, enterprise, reviewer):
    application = _decided_and_received(make_application(enterprise), reviewer, eligible=False)
    with pytest.raises(TransitionNotAllowed, match="没有认定为“符合”的人员"):
        services.accept_application(
            by=reviewer, application=application, expected_version=application.version
        )
