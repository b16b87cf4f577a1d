"""The table: for each action, who takes it, from which statuses, and what must hold of the facts.

Each check reads the facts (and the day) and returns the sentence that refuses the action, or
None. A check never looks at the status: the table's ``sources`` do that, once, for every action.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from shenbao.domain.flow.facts import ApplicationFacts, CallFacts, CatalogStanding, Given
from shenbao.domain.flow.messages import FlowCode, flow_problem
from shenbao.domain.problems import Problem
from shenbao.domain.workflow import (
    ACTION_LABELS,
    EDITABLE_STATUSES,
    MOVABLE_STATUSES,
    TRANSITIONS,
    Action,
    Actor,
    Status,
)

Check = Callable[[ApplicationFacts, date], Problem | None]
CallCheck = Callable[[CallFacts, date], Problem | None]


class Need(StrEnum):
    """What the confirmation of an action must carry (see ``Given``)."""

    DECLARATION = "declaration"
    REASON = "reason"
    DEADLINE = "deadline"
    OVERRIDE_REASON = "override_reason"
    VOLUMES_ACKNOWLEDGED = "volumes_acknowledged"
    PAYMENT = "payment"
    PUBLICITY = "publicity"


# Irreversible actions: shown on a confirmation page before they are taken.
CONFIRMED_ACTIONS = frozenset(
    {
        Action.SUBMIT,
        Action.RESUBMIT,
        Action.WITHDRAW,
        Action.RETURN,
        Action.REJECT,
        Action.ACCEPT,
        Action.REPORT,
        Action.APPROVE,
        Action.PUBLISH,
        Action.PAY,
    }
)


# Application checks --------------------------------------------------------------------------------


def organisation_confirmed(facts: ApplicationFacts, on: date) -> Problem | None:
    if facts.organisation_confirmed:
        return None
    return flow_problem(FlowCode.ORGANISATION_UNCONFIRMED, authority=facts.authority)


def roster_present(facts: ApplicationFacts, on: date) -> Problem | None:
    return None if facts.persons or facts.roster_checking else flow_problem(FlowCode.ROSTER_MISSING)


def roster_checked(facts: ApplicationFacts, on: date) -> Problem | None:
    return flow_problem(FlowCode.ROSTER_CHECKING) if facts.roster_checking else None


def roster_without_errors(facts: ApplicationFacts, on: date) -> Problem | None:
    return flow_problem(FlowCode.ROSTER_ERRORS, rows=facts.error_rows) if facts.error_rows else None


def volumes_declared(facts: ApplicationFacts, on: date) -> Problem | None:
    return flow_problem(FlowCode.VOLUMES_NOT_DECLARED) if facts.paper_volumes_declared is None else None


def call_open(facts: ApplicationFacts, on: date) -> Problem | None:
    return _call_open(facts.call, on)


def before_deadline(facts: ApplicationFacts, on: date) -> Problem | None:
    deadline = facts.correction_deadline
    if deadline is None or on <= deadline:
        return None
    return flow_problem(FlowCode.DEADLINE_PASSED, deadline=deadline, authority=facts.authority)


def review_not_started(facts: ApplicationFacts, on: date) -> Problem | None:
    return flow_problem(FlowCode.REVIEW_STARTED, authority=facts.authority) if facts.decided_rows else None


def everyone_decided(facts: ApplicationFacts, on: date) -> Problem | None:
    if not facts.undecided_rows:
        return None
    return flow_problem(FlowCode.ROWS_UNDECIDED, count=facts.undecided_rows)


def receipt_recorded(facts: ApplicationFacts, on: date) -> Problem | None:
    if facts.paper_volumes_received is None or facts.materials_complete is None:
        return flow_problem(FlowCode.RECEIPT_MISSING)
    return None


def someone_eligible_to_accept(facts: ApplicationFacts, on: date) -> Problem | None:
    return None if facts.eligible_rows else flow_problem(FlowCode.NO_ELIGIBLE_TO_ACCEPT)


def someone_eligible_to_approve(facts: ApplicationFacts, on: date) -> Problem | None:
    return None if facts.eligible_rows else flow_problem(FlowCode.NO_ELIGIBLE_TO_APPROVE)


def publicity_out(facts: ApplicationFacts, on: date) -> Problem | None:
    return None if facts.call.published else flow_problem(FlowCode.NOT_PUBLISHED)


# Call checks ---------------------------------------------------------------------------------------


def _call_open(call: CallFacts, on: date) -> Problem | None:
    if on < call.opens_on:
        return flow_problem(FlowCode.CALL_NOT_YET_OPEN, opens_on=call.opens_on)
    if on > call.closes_on:
        return flow_problem(FlowCode.CALL_CLOSED, closes_on=call.closes_on)
    return None


def not_yet_published(call: CallFacts, on: date) -> Problem | None:
    return flow_problem(FlowCode.ALREADY_PUBLISHED) if call.published else None


def call_closed(call: CallFacts, on: date) -> Problem | None:
    return flow_problem(FlowCode.CALL_STILL_OPEN, closes_on=call.closes_on) if on <= call.closes_on else None


def nothing_reported_waits(call: CallFacts, on: date) -> Problem | None:
    if not call.reported_waiting:
        return None
    return flow_problem(FlowCode.REPORTED_UNDECIDED, count=call.reported_waiting)


def something_approved(call: CallFacts, on: date) -> Problem | None:
    return None if call.approved else flow_problem(FlowCode.NOTHING_APPROVED)


# The table -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    """An action on an application: its actor, the statuses it may start from, the checks on the facts."""

    actor: Actor
    sources: frozenset[Status]
    checks: tuple[Check, ...] = ()
    target: Status | None = None  # None: the action changes no status


@dataclass(frozen=True, slots=True)
class CallRule:
    """An action on a call (create an application in it, publish its 公示)."""

    actor: Actor
    checks: tuple[CallCheck, ...] = ()


def _transition(action: Action) -> tuple[Actor, frozenset[Status], Status]:
    [found] = [t for t in TRANSITIONS if t.action is action]
    return found.actor, frozenset({found.source}), found.target


def _status_rule(action: Action, *checks: Check) -> Rule:
    actor, sources, target = _transition(action)
    return Rule(actor, sources, checks, target)


_SUBMISSION = (
    organisation_confirmed,
    roster_present,
    roster_checked,
    roster_without_errors,
    volumes_declared,
)

RULES: dict[Action, Rule] = {
    Action.SUBMIT: _status_rule(Action.SUBMIT, *_SUBMISSION, call_open),
    Action.RESUBMIT: _status_rule(Action.RESUBMIT, *_SUBMISSION, before_deadline),
    Action.WITHDRAW: _status_rule(Action.WITHDRAW, review_not_started),
    Action.RETURN: _status_rule(Action.RETURN),
    Action.ACCEPT: _status_rule(
        Action.ACCEPT, everyone_decided, receipt_recorded, someone_eligible_to_accept
    ),
    Action.REJECT: _status_rule(Action.REJECT),
    Action.REPORT: _status_rule(Action.REPORT),
    Action.APPROVE: _status_rule(Action.APPROVE, someone_eligible_to_approve),
    Action.SEND_BACK: _status_rule(Action.SEND_BACK),
    Action.PAY: _status_rule(Action.PAY, publicity_out),
    Action.UPLOAD_ROSTER: Rule(Actor.APPLICANT, EDITABLE_STATUSES),
    Action.EDIT_ROSTER: Rule(Actor.APPLICANT, EDITABLE_STATUSES),
    Action.EDIT_MATERIALS: Rule(Actor.APPLICANT, EDITABLE_STATUSES),
    Action.DECIDE_ROWS: Rule(Actor.REVIEWER, frozenset({Status.SUBMITTED})),
    Action.RECORD_RECEIPT: Rule(Actor.REVIEWER, frozenset({Status.SUBMITTED})),
    Action.MOVE: Rule(Actor.CITY_ADMIN, MOVABLE_STATUSES),
}

CALL_RULES: dict[Action, CallRule] = {
    Action.CREATE: CallRule(Actor.APPLICANT, (_call_open,)),
    Action.PUBLISH: CallRule(
        Actor.CITY_ADMIN, (not_yet_published, call_closed, nothing_reported_waits, something_approved)
    ),
}


# What a confirmation must carry ------------------------------------------------------------------------


def needs(action: Action, facts: ApplicationFacts | CallFacts) -> frozenset[Need]:
    """The inputs ``action`` needs on its confirmation, given the facts."""
    if action in (Action.SUBMIT, Action.RESUBMIT):
        return frozenset({Need.DECLARATION})
    if action is Action.RETURN:
        return frozenset({Need.REASON, Need.DEADLINE})
    if action in (Action.REJECT, Action.SEND_BACK):
        return frozenset({Need.REASON})
    if action is Action.PAY:
        return frozenset({Need.PAYMENT})
    if action is Action.PUBLISH:
        return frozenset({Need.PUBLICITY})
    if action in (Action.ACCEPT, Action.APPROVE) and isinstance(facts, ApplicationFacts):
        wanted = {Need.OVERRIDE_REASON} if facts.catalog_needs_override else set()
        if action is Action.ACCEPT and facts.volumes_differ:
            wanted.add(Need.VOLUMES_ACKNOWLEDGED)
        return frozenset(wanted)
    return frozenset()


_REASON_CODES = {
    Action.RETURN: FlowCode.RETURN_REASON_MISSING,
    Action.REJECT: FlowCode.REJECT_REASON_MISSING,
    Action.SEND_BACK: FlowCode.SEND_BACK_REASON_MISSING,
}


def input_problems(
    action: Action, facts: ApplicationFacts | CallFacts, given: Given, on: date
) -> list[Problem]:
    """What is missing or wrong in the confirmation's inputs (only those the action needs)."""
    wanted = needs(action, facts)
    problems: list[Problem | None] = []
    if Need.DECLARATION in wanted and not given.declaration:
        problems.append(flow_problem(FlowCode.DECLARATION_MISSING))
    if Need.REASON in wanted and not given.reason.strip():
        problems.append(flow_problem(_REASON_CODES[action]))
    if Need.DEADLINE in wanted:
        problems.append(_deadline(given, on))
    if Need.OVERRIDE_REASON in wanted and isinstance(facts, ApplicationFacts):
        problems.append(_override(action, facts, given))
    if Need.VOLUMES_ACKNOWLEDGED in wanted and not given.volumes_acknowledged:
        assert isinstance(facts, ApplicationFacts)
        declared, received = facts.paper_volumes_declared or 0, facts.paper_volumes_received
        problems.append(flow_problem(FlowCode.VOLUMES_NOT_ACKNOWLEDGED, declared=declared, received=received))
    if Need.PAYMENT in wanted and isinstance(facts, ApplicationFacts):
        problems += _payment(facts, given, on)
    if Need.PUBLICITY in wanted:
        problems += _publicity(given)
    return [problem for problem in problems if problem is not None]


def _deadline(given: Given, on: date) -> Problem | None:
    if given.deadline is None:
        return flow_problem(FlowCode.DEADLINE_MISSING)
    return flow_problem(FlowCode.DEADLINE_IN_PAST) if given.deadline < on else None


def _override(action: Action, facts: ApplicationFacts, given: Given) -> Problem | None:
    if given.override_reason.strip():
        return None
    label = ACTION_LABELS[action]
    if facts.catalog is CatalogStanding.NOT_LISTED:
        return flow_problem(FlowCode.OVERRIDE_NOT_LISTED, edition=facts.edition, action=label)
    return flow_problem(FlowCode.OVERRIDE_NO_FIGURES, data_year=facts.data_year or "", action=label)


def _payment(facts: ApplicationFacts, given: Given, on: date) -> list[Problem | None]:
    problems: list[Problem | None] = []
    if given.paid_on is None:
        problems.append(flow_problem(FlowCode.PAYMENT_DATE_MISSING))
    elif given.paid_on > on:
        problems.append(flow_problem(FlowCode.PAYMENT_DATE_FUTURE, paid_on=given.paid_on))
    amount = given.amount
    if amount is None or amount <= 0:
        problems.append(flow_problem(FlowCode.PAYMENT_AMOUNT_NOT_POSITIVE))
    elif facts.approved_amount is not None and amount > facts.approved_amount:
        problems.append(
            flow_problem(FlowCode.PAYMENT_OVER_APPROVED, amount=amount, approved=facts.approved_amount)
        )
    if not given.voucher.strip():
        problems.append(flow_problem(FlowCode.VOUCHER_MISSING))
    return problems


def _publicity(given: Given) -> list[Problem | None]:
    starts, ends = given.publicity_starts_on, given.publicity_ends_on
    problems: list[Problem | None] = []
    if starts is None or ends is None:
        problems.append(flow_problem(FlowCode.PERIOD_MISSING))
    elif ends < starts:
        problems.append(flow_problem(FlowCode.PERIOD_REVERSED))
    if not given.contact.strip():
        problems.append(flow_problem(FlowCode.CONTACT_MISSING))
    return problems
