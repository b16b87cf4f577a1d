"""The one decision (design.md "The flow"): every action × status × actor, then each reason for a refusal."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from shenbao.domain.flow import (
    CALL_RULES,
    RULES,
    ApplicationFacts,
    CallFacts,
    CatalogStanding,
    FlowCode,
    Given,
    Need,
    allowed_actions,
    blockers,
    findings,
    next_step,
    offers,
    require,
    target_status,
)
from shenbao.domain.problems import Severity
from shenbao.domain.roster_columns import RosterKind
from shenbao.domain.workflow import Action, Actor, Status, TransitionNotAllowed

ON = date(2026, 11, 20)
CALL = CallFacts(year=2026, opens_on=date(2026, 10, 1), closes_on=date(2026, 11, 30), published=True)

# Facts under which every check of every application action holds.
READY = ApplicationFacts(
    status=Status.DRAFT,
    kind=RosterKind.EMPLOYEES,
    call=CALL,
    authority="浦东",
    persons=3,
    eligible_rows=3,
    paper_volumes_declared=2,
    paper_volumes_received=2,
    materials_complete=True,
    correction_deadline=ON + timedelta(days=10),
    catalog=CatalogStanding.LISTED,
    edition="2016",
    data_year=2015,
    standard=Decimal("4500.00"),
    approved_amount=Decimal("13500.00"),
)
# A withdrawal needs the review not to have started: nobody decided yet.
READY_FOR = {Action.WITHDRAW: replace(READY, eligible_rows=0, undecided_rows=3)}

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
CALL_READY_FOR = {
    Action.CREATE: replace(CALL, published=False),
    Action.PUBLISH: replace(CALL, published=False, approved=2, closes_on=ON - timedelta(days=1)),
}

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

DRAFT = READY
RETURNED = replace(READY, status=Status.RETURNED)
SUBMITTED = replace(READY, status=Status.SUBMITTED)


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


# Where an action leads -------------------------------------------------------------------------------


def test_a_withdrawal_while_the_call_is_open_returns_to_draft_and_after_the_close_is_final() -> None:
    facts = READY_FOR[Action.WITHDRAW]
    assert target_status(Action.WITHDRAW, facts, CALL.closes_on) is Status.DRAFT
    assert target_status(Action.WITHDRAW, facts, CALL.closes_on + timedelta(days=1)) is Status.WITHDRAWN


@pytest.mark.parametrize(
    ("action", "target"),
    [
        (Action.SUBMIT, Status.SUBMITTED),
        (Action.RESUBMIT, Status.SUBMITTED),
        (Action.RETURN, Status.RETURNED),
        (Action.ACCEPT, Status.ACCEPTED),
        (Action.REJECT, Status.REJECTED),
        (Action.REPORT, Status.REPORTED),
        (Action.APPROVE, Status.APPROVED),
        (Action.SEND_BACK, Status.SUBMITTED),
        (Action.PAY, Status.PAID),
        (Action.DECIDE_ROWS, None),
        (Action.MOVE, None),
        (Action.UPLOAD_ROSTER, None),
    ],
)
def test_each_action_leads_to_its_status_or_changes_none(action: Action, target: Status | None) -> None:
    assert target_status(action, READY, ON) is target


# What a confirmation must carry ----------------------------------------------------------------------


def test_require_returns_the_target_and_raises_with_the_problems() -> None:
    given = Given(declaration=True)
    assert require(Action.SUBMIT, DRAFT, Actor.APPLICANT, ON, given) is Status.SUBMITTED
    with pytest.raises(TransitionNotAllowed) as caught:
        require(Action.SUBMIT, replace(DRAFT, error_rows=2), Actor.APPLICANT, ON, given)
    assert [p.code for p in caught.value.problems] == [FlowCode.ROSTER_ERRORS]
    assert caught.value.message == "花名册中有 2 行存在错误，请在线修改或重新上传。"


def test_a_submission_without_the_declaration_changes_nothing() -> None:
    with pytest.raises(TransitionNotAllowed) as caught:
        require(Action.SUBMIT, DRAFT, Actor.APPLICANT, ON)
    assert [p.code for p in caught.value.problems] == [FlowCode.DECLARATION_MISSING]


@pytest.mark.parametrize(
    ("action", "facts", "given", "codes"),
    [
        (Action.RETURN, SUBMITTED, Given(deadline=ON), [FlowCode.RETURN_REASON_MISSING]),
        (Action.RETURN, SUBMITTED, Given(reason="x"), [FlowCode.DEADLINE_MISSING]),
        (
            Action.RETURN,
            SUBMITTED,
            Given(reason="x", deadline=ON - timedelta(days=1)),
            [FlowCode.DEADLINE_IN_PAST],
        ),
        (Action.RETURN, SUBMITTED, Given(reason="x", deadline=ON), []),
        (Action.REJECT, SUBMITTED, Given(reason="  "), [FlowCode.REJECT_REASON_MISSING]),
        (
            Action.SEND_BACK,
            replace(READY, status=Status.REPORTED),
            Given(),
            [FlowCode.SEND_BACK_REASON_MISSING],
        ),
        (
            Action.ACCEPT,
            replace(SUBMITTED, catalog=CatalogStanding.NOT_LISTED),
            Given(),
            [FlowCode.OVERRIDE_NOT_LISTED],
        ),
        (
            Action.ACCEPT,
            replace(SUBMITTED, catalog=CatalogStanding.NO_FIGURES),
            Given(),
            [FlowCode.OVERRIDE_NO_FIGURES],
        ),
        (
            Action.ACCEPT,
            replace(SUBMITTED, catalog=CatalogStanding.NOT_LISTED),
            Given(override_reason="已核实"),
            [],
        ),
        (
            Action.ACCEPT,
            replace(SUBMITTED, kind=RosterKind.TRAINEES, catalog=CatalogStanding.NOT_REQUIRED),
            Given(),
            [],
        ),
        (
            Action.APPROVE,
            replace(READY, status=Status.REPORTED, catalog=CatalogStanding.NO_FIGURES),
            Given(),
            [FlowCode.OVERRIDE_NO_FIGURES],
        ),
        (
            Action.ACCEPT,
            replace(SUBMITTED, paper_volumes_received=1),
            Given(),
            [FlowCode.VOLUMES_NOT_ACKNOWLEDGED],
        ),
        (Action.ACCEPT, replace(SUBMITTED, paper_volumes_received=1), Given(volumes_acknowledged=True), []),
    ],
)
def test_a_confirmation_must_carry_what_its_action_needs(
    action: Action, facts: ApplicationFacts, given: Given, codes: list[FlowCode]
) -> None:
    actor = RULES[action].actor
    if codes:
        with pytest.raises(TransitionNotAllowed) as caught:
            require(action, facts, actor, ON, given)
        assert [p.code for p in caught.value.problems] == codes
    else:
        require(action, facts, actor, ON, given)


APPROVED = replace(READY, status=Status.APPROVED)
PAYMENT = Given(paid_on=ON, amount=Decimal("13500.00"), voucher="财拨〔2026〕12号")


@pytest.mark.parametrize(
    ("given", "codes"),
    [
        (PAYMENT, []),
        (replace(PAYMENT, amount=Decimal("10000.00")), []),
        (replace(PAYMENT, amount=Decimal("13500.01")), [FlowCode.PAYMENT_OVER_APPROVED]),
        (replace(PAYMENT, amount=Decimal("0")), [FlowCode.PAYMENT_AMOUNT_NOT_POSITIVE]),
        (replace(PAYMENT, amount=None), [FlowCode.PAYMENT_AMOUNT_NOT_POSITIVE]),
        (replace(PAYMENT, paid_on=ON + timedelta(days=1)), [FlowCode.PAYMENT_DATE_FUTURE]),
        (
            replace(PAYMENT, paid_on=None, voucher=" "),
            [FlowCode.PAYMENT_DATE_MISSING, FlowCode.VOUCHER_MISSING],
        ),
    ],
)
def test_a_payment_has_a_date_a_voucher_and_at_most_the_approved_amount(
    given: Given, codes: list[FlowCode]
) -> None:
    try:
        require(Action.PAY, APPROVED, Actor.CITY_ADMIN, ON, given)
    except TransitionNotAllowed as refusal:
        assert [p.code for p in refusal.problems] == codes
    else:
        assert codes == []


def test_a_payment_over_the_approved_amount_says_both_amounts() -> None:
    with pytest.raises(TransitionNotAllowed, match="拨付金额 13,500.01 元 超过审定金额 13,500.00 元"):
        require(Action.PAY, APPROVED, Actor.CITY_ADMIN, ON, replace(PAYMENT, amount=Decimal("13500.01")))


@pytest.mark.parametrize(
    ("given", "codes"),
    [
        (
            Given(
                publicity_starts_on=ON, publicity_ends_on=ON + timedelta(days=7), contact="市商务委 23110000"
            ),
            [],
        ),
        (Given(contact="市商务委"), [FlowCode.PERIOD_MISSING]),
        (
            Given(publicity_starts_on=ON, publicity_ends_on=ON - timedelta(days=1), contact="x"),
            [FlowCode.PERIOD_REVERSED],
        ),
        (Given(publicity_starts_on=ON, publicity_ends_on=ON), [FlowCode.CONTACT_MISSING]),
    ],
)
def test_the_publicity_has_a_period_and_an_objection_contact(given: Given, codes: list[FlowCode]) -> None:
    call = CALL_READY_FOR[Action.PUBLISH]
    try:
        require(Action.PUBLISH, call, Actor.CITY_ADMIN, ON, given)
    except TransitionNotAllowed as refusal:
        assert [p.code for p in refusal.problems] == codes
    else:
        assert codes == []


# What pages show ---------------------------------------------------------------------------------------


def test_offers_list_the_refused_actions_with_their_reasons_and_needs() -> None:
    facts = replace(SUBMITTED, undecided_rows=1, paper_volumes_received=1, catalog=CatalogStanding.NOT_LISTED)
    shown = {offer.action: offer for offer in offers(facts, Actor.REVIEWER, ON)}
    assert set(shown) == {
        Action.RETURN,
        Action.ACCEPT,
        Action.REJECT,
        Action.DECIDE_ROWS,
        Action.RECORD_RECEIPT,
    }
    assert [p.code for p in shown[Action.ACCEPT].blockers] == [FlowCode.ROWS_UNDECIDED]
    assert not shown[Action.ACCEPT].is_allowed and shown[Action.RETURN].is_allowed
    assert shown[Action.ACCEPT].needs == {Need.OVERRIDE_REASON, Need.VOLUMES_ACKNOWLEDGED}
    assert shown[Action.RETURN].needs == {Need.REASON, Need.DEADLINE}
    assert allowed_actions(facts, Actor.REVIEWER, ON) == [
        Action.RETURN,
        Action.REJECT,
        Action.DECIDE_ROWS,
        Action.RECORD_RECEIPT,
    ]


def test_an_applicant_is_offered_nothing_once_the_city_decided() -> None:
    assert offers(APPROVED, Actor.APPLICANT, ON) == []


def test_the_findings_say_what_the_catalog_and_the_paper_volumes_show() -> None:
    facts = replace(
        SUBMITTED, catalog=CatalogStanding.NOT_LISTED, paper_volumes_declared=3, paper_volumes_received=2
    )
    assert [p.message for p in findings(facts)] == [
        "按2016年版指导目录和 2015 年数据，该企业未列入指导目录：审核通过或审定须填写理由。",
        "纸质材料申报 3 本，实收 2 本。",
    ]
    assert all(p.severity is Severity.WARNING for p in findings(facts))
    assert findings(SUBMITTED) == []
    provisional = replace(SUBMITTED, catalog_provisional=True)
    assert [p.code for p in findings(provisional)] == [FlowCode.CATALOG_PROVISIONAL]


@pytest.mark.parametrize(
    ("facts", "on", "text"),
    [
        (replace(DRAFT, persons=0, eligible_rows=0), ON, "尚未上传花名册：请下载模板，填写后上传。"),
        (replace(DRAFT, error_rows=8), ON, "花名册中有 8 行存在错误，请在线修改或重新上传。"),
        (DRAFT, ON, "确认电子材料和纸质材料册数后提交。"),
        (DRAFT, CALL.closes_on + timedelta(days=1), "本批次申报已于 2026年11月30日 截止，不再受理首次提交。"),
        (RETURNED, ON, "按退回原因修改后，在 2026年11月30日 前重新提交。"),
        (
            replace(SUBMITTED, undecided_rows=3, eligible_rows=0),
            ON,
            "等待浦东主管部门审核；审核开始前可以撤回。",
        ),
        (SUBMITTED, ON, "等待浦东主管部门审核。"),
        (replace(READY, status=Status.WITHDRAWN), ON, "申报已撤回，本批次不能再提交。"),
        (APPROVED, ON, "市级已审定：3 人，13,500.00 元；公示后拨付。"),
        (
            replace(READY, status=Status.PAID, paid_amount=Decimal("13500")),
            ON,
            "支持资金 13,500.00 元 已拨付。",
        ),
    ],
)
def test_the_applicants_next_step_is_one_sentence(facts: ApplicationFacts, on: date, text: str) -> None:
    assert next_step(facts, on).message == text
