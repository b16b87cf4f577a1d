"""The vocabulary of the flow (design.md "The flow"): statuses, actions, the status changes as data."""

from __future__ import annotations

import pytest

from shenbao.domain.flow import FlowCode, flow_problem
from shenbao.domain.workflow import (
    ACTION_LABELS,
    DECIDED_STATUSES,
    EDITABLE_STATUSES,
    LIVE_STATUSES,
    MOVABLE_STATUSES,
    STATUS_LABELS,
    STATUS_TONES,
    TRANSITIONS,
    Action,
    Actor,
    Status,
    TransitionNotAllowed,
)

# The flow as design.md draws it, written out independently of the table under test. A
# withdrawal after the call's close ends in WITHDRAWN instead (flow.target_status).
DESIGNED_FLOW = {
    (Action.SUBMIT, Status.DRAFT, Status.SUBMITTED, Actor.APPLICANT),
    (Action.WITHDRAW, Status.SUBMITTED, Status.DRAFT, Actor.APPLICANT),
    (Action.RESUBMIT, Status.RETURNED, Status.SUBMITTED, Actor.APPLICANT),
    (Action.RETURN, Status.SUBMITTED, Status.RETURNED, Actor.REVIEWER),
    (Action.ACCEPT, Status.SUBMITTED, Status.ACCEPTED, Actor.REVIEWER),
    (Action.REJECT, Status.SUBMITTED, Status.REJECTED, Actor.REVIEWER),
    (Action.REPORT, Status.ACCEPTED, Status.REPORTED, Actor.REVIEWER),
    (Action.APPROVE, Status.REPORTED, Status.APPROVED, Actor.CITY_ADMIN),
    (Action.SEND_BACK, Status.REPORTED, Status.SUBMITTED, Actor.CITY_ADMIN),
    (Action.PAY, Status.APPROVED, Status.PAID, Actor.CITY_ADMIN),
}


def test_the_table_holds_exactly_the_flow_of_the_design() -> None:
    assert {(t.action, t.source, t.target, t.actor) for t in TRANSITIONS} == DESIGNED_FLOW


def test_no_status_and_action_pair_has_two_transitions() -> None:
    pairs = [(t.source, t.action) for t in TRANSITIONS]
    assert len(pairs) == len(set(pairs))


@pytest.mark.parametrize(
    ("status", "is_live"),
    [
        (Status.DRAFT, False),
        (Status.WITHDRAWN, False),
        (Status.REJECTED, False),
        (Status.SUBMITTED, True),
        (Status.RETURNED, True),
        (Status.ACCEPTED, True),
        (Status.REPORTED, True),
        (Status.APPROVED, True),
        (Status.PAID, True),
    ],
)
def test_drafts_withdrawn_and_rejected_applications_hold_no_claim_on_their_persons(
    status: Status, is_live: bool
) -> None:
    assert (status in LIVE_STATUSES) is is_live


@pytest.mark.parametrize("status", list(Status))
def test_only_drafts_and_returned_applications_are_editable_by_the_applicant(status: Status) -> None:
    assert (status in EDITABLE_STATUSES) is (status in {Status.DRAFT, Status.RETURNED})


@pytest.mark.parametrize("status", list(Status))
def test_only_applications_still_with_their_authority_can_be_moved(status: Status) -> None:
    expected = {Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.ACCEPTED}
    assert (status in MOVABLE_STATUSES) is (status in expected)


def test_the_city_has_decided_once_approved() -> None:
    assert {Status.APPROVED, Status.PAID} == DECIDED_STATUSES


def test_every_status_has_a_chinese_label_and_a_tone() -> None:
    assert set(STATUS_LABELS) == set(Status) == set(STATUS_TONES)
    assert all(label.strip() for label in STATUS_LABELS.values())
    assert len(set(STATUS_LABELS.values())) == len(Status)
    assert set(STATUS_TONES.values()) <= {"", "ok", "err"}


def test_every_action_has_a_chinese_label() -> None:
    assert set(ACTION_LABELS) == set(Action)
    assert all(label.strip() for label in ACTION_LABELS.values())
    assert len(set(ACTION_LABELS.values())) == len(Action)


def test_a_refusal_reads_its_problems_as_sentences() -> None:
    refusal = TransitionNotAllowed(
        problems=[flow_problem(FlowCode.ROWS_UNDECIDED, count=2), flow_problem(FlowCode.RECEIPT_MISSING)]
    )
    assert (
        refusal.message
        == "还有 2 人未作审核结论，请逐人审核后再通过。请先登记实收纸质材料册数和电子版材料是否齐全。"
    )
    assert str(refusal) == refusal.message
    assert TransitionNotAllowed("已被他人修改，请刷新").message == "已被他人修改，请刷新"
