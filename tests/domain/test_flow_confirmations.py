"""The one decision, continued: where actions lead, what confirmations carry, what pages and applicants see."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from shenbao.domain.flow import (
    RULES,
    ApplicationFacts,
    CatalogStanding,
    FlowCode,
    Given,
    Need,
    allowed_actions,
    findings,
    next_step,
    offers,
    require,
    target_status,
)
from shenbao.domain.problems import Severity
from shenbao.domain.roster_columns import RosterKind
from shenbao.domain.workflow import Action, Actor, Status, TransitionNotAllowed
from tests.domain.flow_facts import CALL, CALL_READY_FOR, DRAFT, ON, READY, READY_FOR, RETURNED, SUBMITTED

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
