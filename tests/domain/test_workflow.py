"""The transitions table of design.md ("The flow"): who may move an application where, and what is refused."""

from __future__ import annotations

import pytest

from shenbao.domain.workflow import (
    ACTION_LABELS,
    EDITABLE_STATUSES,
    LIVE_STATUSES,
    STATUS_LABELS,
    TRANSITIONS,
    Action,
    Actor,
    Status,
    Transition,
    TransitionNotAllowed,
    actions_for,
    next_status,
)

# The flow as design.md draws it, written out independently of the table under test.
DESIGNED_FLOW = {
    (Action.SUBMIT, Status.DRAFT, Status.SUBMITTED, Actor.APPLICANT),
    (Action.WITHDRAW, Status.SUBMITTED, Status.WITHDRAWN, Actor.APPLICANT),
    (Action.RESUBMIT, Status.RETURNED, Status.SUBMITTED, Actor.APPLICANT),
    (Action.RETURN, Status.SUBMITTED, Status.RETURNED, Actor.REVIEWER),
    (Action.ACCEPT, Status.SUBMITTED, Status.ACCEPTED, Actor.REVIEWER),
    (Action.REJECT, Status.SUBMITTED, Status.REJECTED, Actor.REVIEWER),
    (Action.REPORT, Status.ACCEPTED, Status.REPORTED, Actor.REVIEWER),
    (Action.APPROVE, Status.REPORTED, Status.APPROVED, Actor.CITY_ADMIN),
    (Action.SEND_BACK, Status.REPORTED, Status.SUBMITTED, Actor.CITY_ADMIN),
    (Action.PAY, Status.APPROVED, Status.PAID, Actor.CITY_ADMIN),
}


def _name(transition: Transition) -> str:
    return f"{transition.actor}-{transition.action}-from-{transition.source}"


def test_the_table_holds_exactly_the_flow_of_the_design() -> None:
    assert {(t.action, t.source, t.target, t.actor) for t in TRANSITIONS} == DESIGNED_FLOW


@pytest.mark.parametrize("transition", TRANSITIONS, ids=_name)
def test_every_allowed_transition_leads_to_its_target(transition: Transition) -> None:
    assert next_status(transition.source, transition.action, transition.actor) is transition.target


@pytest.mark.parametrize("transition", TRANSITIONS, ids=_name)
def test_every_allowed_transition_is_refused_to_the_other_actors(transition: Transition) -> None:
    for actor in set(Actor) - {transition.actor}:
        with pytest.raises(TransitionNotAllowed) as caught:
            next_status(transition.source, transition.action, actor)
        assert caught.value.message == f"“{ACTION_LABELS[transition.action]}”不是您的角色可以进行的操作。"


def test_a_reviewer_cannot_withdraw_an_applicants_submission() -> None:
    with pytest.raises(TransitionNotAllowed, match="“撤回”不是您的角色可以进行的操作"):
        next_status(Status.SUBMITTED, Action.WITHDRAW, Actor.REVIEWER)


def test_an_applicant_cannot_accept_their_own_submission() -> None:
    with pytest.raises(TransitionNotAllowed, match="“审核通过”不是您的角色可以进行的操作"):
        next_status(Status.SUBMITTED, Action.ACCEPT, Actor.APPLICANT)


@pytest.mark.parametrize(
    ("current", "action", "actor", "message"),
    [
        (
            Status.DRAFT,
            Action.WITHDRAW,
            Actor.APPLICANT,
            "申报当前状态为“草稿”，不能“撤回”。当前可进行的操作：提交。",
        ),
        (
            Status.ACCEPTED,
            Action.WITHDRAW,
            Actor.APPLICANT,
            "申报当前状态为“区审核通过”，不能“撤回”。当前没有您可进行的操作。",
        ),
        (
            Status.SUBMITTED,
            Action.SUBMIT,
            Actor.APPLICANT,
            "申报当前状态为“已提交，待审核”，不能“提交”。当前可进行的操作：撤回。",
        ),
        (
            Status.SUBMITTED,
            Action.REPORT,
            Actor.REVIEWER,
            "申报当前状态为“已提交，待审核”，不能“上报市级”。当前可进行的操作：退回补正、审核通过、不予通过。",
        ),
        (
            Status.REPORTED,
            Action.PAY,
            Actor.CITY_ADMIN,
            "申报当前状态为“已上报市级”，不能“记录拨付”。当前可进行的操作：审定、退回区级重审。",
        ),
        (
            Status.PAID,
            Action.PAY,
            Actor.CITY_ADMIN,
            "申报当前状态为“已拨付”，不能“记录拨付”。当前没有您可进行的操作。",
        ),
        (
            Status.WITHDRAWN,
            Action.RESUBMIT,
            Actor.APPLICANT,
            "申报当前状态为“已撤回”，不能“补正后重新提交”。当前没有您可进行的操作。",
        ),
        (
            Status.REJECTED,
            Action.RETURN,
            Actor.REVIEWER,
            "申报当前状态为“未通过审核”，不能“退回补正”。当前没有您可进行的操作。",
        ),
        (
            Status.DRAFT,
            Action.ACCEPT,
            Actor.REVIEWER,
            "申报当前状态为“草稿”，不能“审核通过”。当前没有您可进行的操作。",
        ),
    ],
)
def test_an_action_from_the_wrong_status_is_refused_saying_what_is_allowed_now(
    current: Status, action: Action, actor: Actor, message: str
) -> None:
    with pytest.raises(TransitionNotAllowed) as caught:
        next_status(current, action, actor)
    assert caught.value.message == message
    assert str(caught.value) == message


OUTSIDE_THE_TABLE = [
    (current, action, actor)
    for current in Status
    for action in Action
    for actor in Actor
    if not any(t.source is current and t.action is action for t in TRANSITIONS)
]


@pytest.mark.parametrize(("current", "action", "actor"), OUTSIDE_THE_TABLE)
def test_no_one_may_take_an_action_the_table_does_not_list_for_the_status(
    current: Status, action: Action, actor: Actor
) -> None:
    with pytest.raises(TransitionNotAllowed, match=f"不能“{ACTION_LABELS[action]}”"):
        next_status(current, action, actor)


@pytest.mark.parametrize(
    ("current", "actor", "actions"),
    [
        (Status.DRAFT, Actor.APPLICANT, [Action.SUBMIT]),
        (Status.DRAFT, Actor.REVIEWER, []),
        (Status.SUBMITTED, Actor.APPLICANT, [Action.WITHDRAW]),
        (Status.SUBMITTED, Actor.REVIEWER, [Action.RETURN, Action.ACCEPT, Action.REJECT]),
        (Status.SUBMITTED, Actor.CITY_ADMIN, []),
        (Status.RETURNED, Actor.APPLICANT, [Action.RESUBMIT]),
        (Status.RETURNED, Actor.REVIEWER, []),
        (Status.ACCEPTED, Actor.REVIEWER, [Action.REPORT]),
        (Status.ACCEPTED, Actor.APPLICANT, []),
        (Status.REPORTED, Actor.CITY_ADMIN, [Action.APPROVE, Action.SEND_BACK]),
        (Status.REPORTED, Actor.REVIEWER, []),
        (Status.APPROVED, Actor.CITY_ADMIN, [Action.PAY]),
        (Status.PAID, Actor.CITY_ADMIN, []),
        (Status.WITHDRAWN, Actor.APPLICANT, []),
        (Status.REJECTED, Actor.APPLICANT, []),
    ],
)
def test_actions_for_lists_what_the_actor_may_do_now(
    current: Status, actor: Actor, actions: list[Action]
) -> None:
    assert actions_for(current, actor) == actions


@pytest.mark.parametrize("current", list(Status))
@pytest.mark.parametrize("actor", list(Actor))
def test_every_action_offered_is_one_next_status_accepts(current: Status, actor: Actor) -> None:
    targets = {(t.source, t.action): t.target for t in TRANSITIONS}
    for action in actions_for(current, actor):
        assert next_status(current, action, actor) is targets[(current, action)]


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


def test_every_status_has_a_chinese_label() -> None:
    assert set(STATUS_LABELS) == set(Status)
    assert all(label.strip() for label in STATUS_LABELS.values())
    assert len(set(STATUS_LABELS.values())) == len(Status)


def test_every_action_has_a_chinese_label() -> None:
    assert set(ACTION_LABELS) == set(Action)
    assert all(label.strip() for label in ACTION_LABELS.values())
    assert len(set(ACTION_LABELS.values())) == len(Action)


def test_no_status_and_action_pair_has_two_transitions() -> None:
    pairs = [(t.source, t.action) for t in TRANSITIONS]
    assert len(pairs) == len(set(pairs))
