"""The one decision (design.md "The flow"): every action × status × actor, then each reason for a refusal."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from shenbao.domain.flow import (
    CALL_RULES,
    RULES,
    ApplicationFacts,
    CallFacts,
    FlowCode,
    allowed_actions,
    blockers,
)
from shenbao.domain.problems import Severity
from shenbao.domain.workflow import Action, Actor, Status
from tests.domain.flow_facts import CALL, CALL_READY_FOR, DRAFT, ON, READY, READY_FOR, RETURNED, SUBMITTED

# Who may take which action from which statuses: written out from design.md, independently of RULES.
DESIGNED: dict[Action, tuple[Actor, set[Status]]] = {
    Action.SUBMIT: (Actor.APPLICANT, {Status.DRAFT}),
    Action.RESUBMIT: (Actor.APPLICANT, {Status.RETURNED}),
    Action.WITHDRAW: (Actor.APPLICANT, {Status.SUBMITTED}),
    Action.UPLOAD_ROSTER: (Actor.APPLICANT, {Status.DRAFT, Status.RETURNED}),
    Action.EDIT_ROSTER: (Actor.APPLICANT, {Status.DRAFT, Status.RETURNED}),
    Action.EDIT_MATERIALS: (Actor.APPLICANT, {Status.DRAFT, Status.RETURNED}),
    Action.RETURN: (Actor.REVIEWER, {Status.SUBMITTED}),
    Action.ACCEPT: (Actor.REVIEWER, {Status.SUBMITTED}),
    Action.REJECT: (Actor.REVIEWER, {Status.SUBMITTED}),
    Action.DECIDE_ROWS: (Actor.REVIEWER, {Status.SUBMITTED}),
    Action.RECORD_RECEIPT: (Actor.REVIEWER, {Status.SUBMITTED}),
    Action.REPORT: (Actor.REVIEWER, {Status.ACCEPTED}),
    Action.APPROVE: (Actor.CITY_ADMIN, {Status.REPORTED}),
    Action.SEND_BACK: (Actor.CITY_ADMIN, {Status.REPORTED}),
    Action.PAY: (Actor.CITY_ADMIN, {Status.APPROVED}),
    Action.MOVE: (Actor.CITY_ADMIN, {Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.ACCEPTED}),
}
DESIGNED_ON_CALLS = {Action.CREATE: Actor.APPLICANT, Action.PUBLISH: Actor.CITY_ADMIN}
TABLE = [(action, status, actor) for action in DESIGNED for status in Status for actor in Actor]


def test_every_action_is_in_the_table_once() -> None:
    assert set(RULES) | set(CALL_RULES) == set(Action)
    assert not set(RULES) & set(CALL_RULES)
    assert set(RULES) == set(DESIGNED) and set(CALL_RULES) == set(DESIGNED_ON_CALLS)


@pytest.mark.parametrize(("action", "status", "actor"), TABLE, ids=lambda v: str(v))
def test_the_table_decides_every_action_status_and_actor(
    action: Action, status: Status, actor: Actor
) -> None:
    facts = replace(READY_FOR.get(action, READY), status=status)
    designed_actor, sources = DESIGNED[action]
    refused = blockers(action, facts, actor, ON)
    if actor is not designed_actor:
        assert [p.code for p in refused] == [FlowCode.NOT_YOUR_ROLE]
    elif status not in sources:
        assert [p.code for p in refused] in ([FlowCode.WRONG_STATUS], [FlowCode.WRONG_STATUS_NOTHING_NOW])
    else:
        assert refused == []
    assert all(p.severity is Severity.ERROR and p.message for p in refused)
    assert (action in allowed_actions(facts, actor, ON)) is (refused == [])


@pytest.mark.parametrize("action", list(DESIGNED_ON_CALLS))
@pytest.mark.parametrize("actor", list(Actor))
def test_the_table_decides_every_action_on_a_call_and_actor(action: Action, actor: Actor) -> None:
    refused = blockers(action, CALL_READY_FOR[action], actor, ON)
    if actor is DESIGNED_ON_CALLS[action]:
        assert refused == []
    else:
        assert [p.code for p in refused] == [FlowCode.NOT_YOUR_ROLE]


def test_an_application_action_is_not_decided_on_a_call_nor_the_reverse() -> None:
    with pytest.raises(TypeError):
        blockers(Action.SUBMIT, CALL, Actor.APPLICANT, ON)
    with pytest.raises(TypeError):
        blockers(Action.PUBLISH, READY, Actor.CITY_ADMIN, ON)


@pytest.mark.parametrize(
    ("status", "action", "actor", "message"),
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
        (Status.SUBMITTED, Action.WITHDRAW, Actor.REVIEWER, "“撤回”不是您的角色可以进行的操作。"),
        (Status.SUBMITTED, Action.ACCEPT, Actor.APPLICANT, "“审核通过”不是您的角色可以进行的操作。"),
        (
            Status.REPORTED,
            Action.MOVE,
            Actor.CITY_ADMIN,
            "申报当前状态为“已上报市级”，不能“移交主管部门”。当前可进行的操作：审定、退回区级重审。",
        ),
    ],
)
def test_a_refusal_by_status_or_role_says_what_is_allowed_now(
    status: Status, action: Action, actor: Actor, message: str
) -> None:
    [problem] = blockers(action, replace(READY, status=status), actor, ON)
    assert problem.message == message


# Each reason a fact refuses an action ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "facts", "on", "codes"),
    [
        (
            Action.SUBMIT,
            replace(DRAFT, organisation_confirmed=False),
            ON,
            [FlowCode.ORGANISATION_UNCONFIRMED],
        ),
        (Action.SUBMIT, replace(DRAFT, persons=0, eligible_rows=0), ON, [FlowCode.ROSTER_MISSING]),
        (Action.SUBMIT, replace(DRAFT, persons=0, roster_checking=True), ON, [FlowCode.ROSTER_CHECKING]),
        (Action.SUBMIT, replace(DRAFT, error_rows=8), ON, [FlowCode.ROSTER_ERRORS]),
        (Action.SUBMIT, replace(DRAFT, paper_volumes_declared=None), ON, [FlowCode.VOLUMES_NOT_DECLARED]),
        (Action.SUBMIT, DRAFT, CALL.closes_on + timedelta(days=1), [FlowCode.CALL_CLOSED]),
        (Action.SUBMIT, DRAFT, CALL.opens_on - timedelta(days=1), [FlowCode.CALL_NOT_YET_OPEN]),
        (
            Action.SUBMIT,
            replace(DRAFT, persons=0, organisation_confirmed=False, paper_volumes_declared=None),
            ON,
            [FlowCode.ORGANISATION_UNCONFIRMED, FlowCode.ROSTER_MISSING, FlowCode.VOLUMES_NOT_DECLARED],
        ),
        # A returned application is corrected after the close, until its own deadline.
        (
            Action.RESUBMIT,
            replace(RETURNED, correction_deadline=date(2026, 12, 10)),
            CALL.closes_on + timedelta(days=5),
            [],
        ),
        (Action.RESUBMIT, RETURNED, ON + timedelta(days=11), [FlowCode.DEADLINE_PASSED]),
        (Action.RESUBMIT, replace(RETURNED, error_rows=1), ON, [FlowCode.ROSTER_ERRORS]),
        (Action.WITHDRAW, replace(SUBMITTED, undecided_rows=2), ON, [FlowCode.REVIEW_STARTED]),
        (Action.WITHDRAW, replace(SUBMITTED, undecided_rows=3), CALL.closes_on + timedelta(days=3), []),
        (
            Action.ACCEPT,
            replace(SUBMITTED, undecided_rows=3, eligible_rows=0),
            ON,
            [FlowCode.ROWS_UNDECIDED, FlowCode.NO_ELIGIBLE_TO_ACCEPT],
        ),
        (Action.ACCEPT, replace(SUBMITTED, paper_volumes_received=None), ON, [FlowCode.RECEIPT_MISSING]),
        (Action.ACCEPT, replace(SUBMITTED, materials_complete=None), ON, [FlowCode.RECEIPT_MISSING]),
        (Action.ACCEPT, replace(SUBMITTED, eligible_rows=0), ON, [FlowCode.NO_ELIGIBLE_TO_ACCEPT]),
        (
            Action.APPROVE,
            replace(READY, status=Status.REPORTED, eligible_rows=0),
            ON,
            [FlowCode.NO_ELIGIBLE_TO_APPROVE],
        ),
        (
            Action.PAY,
            replace(READY, status=Status.APPROVED, call=replace(CALL, published=False)),
            ON,
            [FlowCode.NOT_PUBLISHED],
        ),
    ],
)
def test_the_facts_refuse_an_action_with_every_reason_at_once(
    action: Action, facts: ApplicationFacts, on: date, codes: list[FlowCode]
) -> None:
    assert [p.code for p in blockers(action, facts, RULES[action].actor, on)] == codes


def test_the_refusals_say_how_many_in_chinese() -> None:
    facts = replace(SUBMITTED, undecided_rows=3, eligible_rows=0, paper_volumes_received=None)
    assert [p.message for p in blockers(Action.ACCEPT, facts, Actor.REVIEWER, ON)] == [
        "还有 3 人未作审核结论，请逐人审核后再通过。",
        "请先登记实收纸质材料册数和电子版材料是否齐全。",
        "没有认定为“符合”的人员，不能审核通过；请不予通过或退回补正。",
    ]
    [late] = blockers(Action.RESUBMIT, RETURNED, Actor.APPLICANT, date(2026, 12, 7))
    assert late.message == "补正截止日期 2026年11月30日 已过，不能再提交；请联系浦东主管部门。"
    assert late.params == {"deadline": date(2026, 11, 30), "authority": "浦东"}


@pytest.mark.parametrize(
    ("call", "codes"),
    [
        (CALL_READY_FOR[Action.PUBLISH], []),
        (replace(CALL_READY_FOR[Action.PUBLISH], published=True), [FlowCode.ALREADY_PUBLISHED]),
        (replace(CALL_READY_FOR[Action.PUBLISH], closes_on=ON), [FlowCode.CALL_STILL_OPEN]),
        (replace(CALL_READY_FOR[Action.PUBLISH], reported_waiting=2), [FlowCode.REPORTED_UNDECIDED]),
        (replace(CALL_READY_FOR[Action.PUBLISH], approved=0), [FlowCode.NOTHING_APPROVED]),
        (
            replace(CALL, published=False, approved=0, reported_waiting=1),
            [FlowCode.CALL_STILL_OPEN, FlowCode.REPORTED_UNDECIDED, FlowCode.NOTHING_APPROVED],
        ),
    ],
)
def test_the_publicity_waits_until_the_call_is_closed_and_every_reported_application_decided(
    call: CallFacts, codes: list[FlowCode]
) -> None:
    assert [p.code for p in blockers(Action.PUBLISH, call, Actor.CITY_ADMIN, ON)] == codes


@pytest.mark.parametrize(
    ("on", "codes"),
    [
        (ON, []),
        (CALL.opens_on - timedelta(days=1), [FlowCode.CALL_NOT_YET_OPEN]),
        (CALL.closes_on + timedelta(days=1), [FlowCode.CALL_CLOSED]),
    ],
)
def test_an_application_is_created_only_while_the_call_is_open(on: date, codes: list[FlowCode]) -> None:
    assert [p.code for p in blockers(Action.CREATE, CALL, Actor.APPLICANT, on)] == codes
