"""The one decision: may this actor take this action on this application (or call) now, and if not, why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from shenbao.domain.flow.facts import ApplicationFacts, CallFacts, CatalogStanding, Given
from shenbao.domain.flow.messages import FlowCode, flow_problem
from shenbao.domain.flow.rules import CALL_RULES, RULES, Need, input_problems, needs
from shenbao.domain.problems import Problem
from shenbao.domain.workflow import (
    ACTION_LABELS,
    FINAL_WITHDRAWAL,
    STATUS_LABELS,
    TRANSITIONS,
    Action,
    Actor,
    Status,
    TransitionNotAllowed,
)

Facts = ApplicationFacts | CallFacts


@dataclass(frozen=True, slots=True)
class Offer:
    """An action the actor could take from the current status, with what stands in its way."""

    action: Action
    blockers: tuple[Problem, ...]
    needs: frozenset[Need]

    @property
    def is_allowed(self) -> bool:
        return not self.blockers


def blockers(action: Action, facts: Facts, actor: Actor, on: date) -> list[Problem]:
    """Why ``actor`` may not take ``action`` now; empty when it may."""
    if action in CALL_RULES:
        if not isinstance(facts, CallFacts):
            raise TypeError(f"{action} is decided on a call's facts")
        call_rule = CALL_RULES[action]
        if call_rule.actor is not actor:
            return [_not_your_role(action)]
        return [problem for check in call_rule.checks if (problem := check(facts, on)) is not None]
    if not isinstance(facts, ApplicationFacts):
        raise TypeError(f"{action} is decided on an application's facts")
    rule = RULES[action]
    if rule.actor is not actor:
        return [_not_your_role(action)]
    if facts.status not in rule.sources:
        return [_wrong_status(action, facts.status, actor)]
    return [problem for check in rule.checks if (problem := check(facts, on)) is not None]


def offers(facts: Facts, actor: Actor, on: date) -> list[Offer]:
    """Every action ``actor`` could take from where the application (or call) stands, allowed or not."""
    if isinstance(facts, CallFacts):
        actions = [action for action, rule in CALL_RULES.items() if rule.actor is actor]
    else:
        actions = [
            action for action, rule in RULES.items() if rule.actor is actor and facts.status in rule.sources
        ]
    return [
        Offer(action, tuple(blockers(action, facts, actor, on)), needs(action, facts)) for action in actions
    ]


def allowed_actions(facts: Facts, actor: Actor, on: date) -> list[Action]:
    """Exactly the actions a page offers ``actor`` now."""
    return [offer.action for offer in offers(facts, actor, on) if offer.is_allowed]


def target_status(action: Action, facts: ApplicationFacts, on: date) -> Status | None:
    """The status ``action`` leads to (None for an action that changes no status)."""
    if action is Action.WITHDRAW and on > facts.call.closes_on:
        return FINAL_WITHDRAWAL
    rule = RULES.get(action)
    return rule.target if rule is not None else None


def require(
    action: Action, facts: Facts, actor: Actor, on: date, given: Given | None = None
) -> Status | None:
    """Raise TransitionNotAllowed (with the problems) unless ``action`` may be taken now with ``given``.

    Returns the status the action leads to, None for one that changes no status or a call's action.
    """
    refused = blockers(action, facts, actor, on)
    if not refused:
        refused = input_problems(action, facts, given or Given(), on)
    if refused:
        raise TransitionNotAllowed(problems=refused)
    return target_status(action, facts, on) if isinstance(facts, ApplicationFacts) else None


def findings(facts: ApplicationFacts) -> list[Problem]:
    """What the reviewer and the city must see before deciding (warnings, not refusals)."""
    found = []
    if facts.catalog is CatalogStanding.NOT_LISTED:
        found.append(
            flow_problem(FlowCode.CATALOG_NOT_LISTED, edition=facts.edition, data_year=facts.data_year)
        )
    elif facts.catalog is CatalogStanding.NO_FIGURES:
        found.append(
            flow_problem(FlowCode.CATALOG_NO_FIGURES, edition=facts.edition, data_year=facts.data_year)
        )
    elif facts.catalog is CatalogStanding.LISTED and facts.catalog_provisional:
        found.append(flow_problem(FlowCode.CATALOG_PROVISIONAL, data_year=facts.data_year))
    volumes = volumes_finding(facts)
    if volumes is not None:
        found.append(volumes)
    return found


def volumes_finding(facts: ApplicationFacts) -> Problem | None:
    """Paper volumes received ≠ declared: for the reviewer's page and 附件2's 备注."""
    return paper_volumes_note(facts.paper_volumes_declared, facts.paper_volumes_received)


def paper_volumes_note(declared: int | None, received: int | None) -> Problem | None:
    """The same finding from the two counts alone (附件2 lists many applications)."""
    if received is None or received == (declared or 0):
        return None
    return flow_problem(FlowCode.VOLUMES_MISMATCH, declared=declared or 0, received=received)


_WAITING = {
    Status.WITHDRAWN: FlowCode.STEP_WITHDRAWN,
    Status.ACCEPTED: FlowCode.STEP_ACCEPTED,
    Status.REJECTED: FlowCode.STEP_REJECTED,
    Status.REPORTED: FlowCode.STEP_REPORTED,
}


def next_step(facts: ApplicationFacts, on: date) -> Problem:
    """The applicant's next thing to do (or to wait for), as one sentence."""
    status = facts.status
    if status in (Status.DRAFT, Status.RETURNED):
        action = Action.SUBMIT if status is Status.DRAFT else Action.RESUBMIT
        refused = blockers(action, facts, Actor.APPLICANT, on)
        if refused:
            return refused[0]
        if status is Status.RETURNED and facts.correction_deadline is not None:
            return flow_problem(FlowCode.STEP_RESUBMIT, deadline=facts.correction_deadline)
        return flow_problem(FlowCode.STEP_SUBMIT)
    if status is Status.SUBMITTED:
        withdrawable = not blockers(Action.WITHDRAW, facts, Actor.APPLICANT, on)
        code = FlowCode.STEP_WAIT_REVIEW_WITHDRAWABLE if withdrawable else FlowCode.STEP_WAIT_REVIEW
        return flow_problem(code, authority=facts.authority)
    if status is Status.APPROVED:
        return flow_problem(
            FlowCode.STEP_APPROVED,
            persons=facts.eligible_rows,
            amount=facts.approved_amount or Decimal("0.00"),
        )
    if status is Status.PAID:
        return flow_problem(
            FlowCode.STEP_PAID, amount=facts.paid_amount or facts.approved_amount or Decimal("0.00")
        )
    return flow_problem(_WAITING[status])


def _not_your_role(action: Action) -> Problem:
    return flow_problem(FlowCode.NOT_YOUR_ROLE, action=ACTION_LABELS[action])


def _wrong_status(action: Action, status: Status, actor: Actor) -> Problem:
    # The hint names the status changes the table offers this actor from here, whatever the facts.
    allowed = "、".join(
        ACTION_LABELS[t.action] for t in TRANSITIONS if t.source is status and t.actor is actor
    )
    status_label, action_label = STATUS_LABELS[status], ACTION_LABELS[action]
    if allowed:
        return flow_problem(FlowCode.WRONG_STATUS, status=status_label, action=action_label, allowed=allowed)
    return flow_problem(FlowCode.WRONG_STATUS_NOTHING_NOW, status=status_label, action=action_label)
